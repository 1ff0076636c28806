package io.pagewire.actors.session;

import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/** SYNCHRONIZE CACHE: the device makes completed writes durable, then GOOD. No pages. */
final class FlushTask extends PagelessDeviceTask {

    FlushTask(TaskHost host, int itt, Residual residual) {
        super(host, itt, residual);
    }

    @Override
    boolean submit(LogicalUnit lu) {
        return host.submit(this, lu, IoRequest.Operation.FLUSH, 0, List.of(), 0, false);
    }
}
