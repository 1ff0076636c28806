package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/**
 * WRITE SAME(16) with NDOB: the range becomes zeros (deallocated on a thin unit) without any
 * Data-Out, then GOOD. No pages.
 */
final class DeallocateTask implements Task, TaskManagement.LunTask {
    private final TaskHost host;
    private final int itt;
    private final long lun;
    private final List<IoRequest.Range> ranges;
    private final Residual residual;
    private boolean aborted;

    DeallocateTask(TaskHost host, int itt, long lun, List<IoRequest.Range> ranges, Residual residual) {
        this.host = host;
        this.itt = itt;
        this.lun = lun;
        this.ranges = List.copyOf(ranges);
        this.residual = residual;
    }

    void start(LogicalUnit lu) {
        if (!host.submit(this, lu, List.of(), 0,
                (views, done) -> new IoRequest(IoRequest.Operation.UNMAP, 0, views, false, ranges, done))) {
            host.busy(itt);
            host.finished(this);
        }
    }

    @Override
    public int itt() {
        return itt;
    }

    @Override
    public long lun() {
        return lun;
    }

    @Override
    public void onLeased(long tag, List<Page> pages) {
        throw new IllegalStateException("a deallocation leases no pages");
    }

    @Override
    public void onIoDone(long tag, Throwable failure) {
        if (aborted) {
            return;
        }
        if (failure != null) {
            host.checkCondition(itt, SenseData.of(SenseCode.WRITE_ERROR), Residual.NONE);
        } else {
            host.wire().response(itt, ScsiStatus.GOOD.value(), Unpooled.EMPTY_BUFFER, residual, 0);
        }
        host.finished(this);
    }

    @Override
    public void abort() {
        aborted = true;
    }
}
