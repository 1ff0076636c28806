package io.pagewire.actors.session;

import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/**
 * WRITE SAME(16) with NDOB: the range becomes zeros (deallocated on a thin unit) without any
 * Data-Out, then GOOD; with {@code fua} (WCE = 0) only once that is on the medium. No pages.
 */
final class DeallocateTask extends PagelessDeviceTask implements TaskManagement.LunTask {
    private final long lun;
    private final List<IoRequest.Range> ranges;
    private final boolean fua;

    DeallocateTask(TaskHost host, int itt, long lun, List<IoRequest.Range> ranges, boolean fua, Residual residual) {
        super(host, itt, residual);
        this.lun = lun;
        this.ranges = List.copyOf(ranges);
        this.fua = fua;
    }

    @Override
    boolean submit(LogicalUnit lu) {
        return host.submit(this, lu, List.of(), 0,
                (views, done) -> new IoRequest(IoRequest.Operation.UNMAP, 0, views, fua, ranges, done));
    }

    @Override
    public long lun() {
        return lun;
    }
}
