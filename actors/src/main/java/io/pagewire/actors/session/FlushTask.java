package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/** SYNCHRONIZE CACHE: the device makes completed writes durable, then GOOD. No pages. */
final class FlushTask implements Task {
    private final TaskHost host;
    private final int itt;
    private final Residual residual;
    private boolean aborted;

    FlushTask(TaskHost host, int itt, Residual residual) {
        this.host = host;
        this.itt = itt;
        this.residual = residual;
    }

    void start(LogicalUnit lu) {
        if (!host.submit(this, lu, IoRequest.Operation.FLUSH, 0, List.of(), 0, false)) {
            host.busy(itt);
            host.finished(this);
        }
    }

    @Override
    public int itt() {
        return itt;
    }

    @Override
    public void onLeased(long tag, List<Page> pages) {
        throw new IllegalStateException("a flush leases no pages");
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
