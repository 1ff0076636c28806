package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.util.List;

/**
 * A command that is one device request with no pages and no data either way: GOOD when the device
 * is done, WRITE ERROR when it failed, BUSY when the LU's queue is full. Subclasses say which request.
 */
abstract class PagelessDeviceTask implements Task {
    final TaskHost host;
    private final int itt;
    private final Residual residual;
    private boolean aborted;

    PagelessDeviceTask(TaskHost host, int itt, Residual residual) {
        this.host = host;
        this.itt = itt;
        this.residual = residual;
    }

    /** Hands the request to {@code lu}; false when its queue is full. */
    abstract boolean submit(LogicalUnit lu);

    void start(LogicalUnit lu) {
        if (!submit(lu)) {
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
        throw new IllegalStateException(getClass().getSimpleName() + " leases no pages");
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
