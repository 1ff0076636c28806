package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/**
 * WRITE SAME's one block, received into a leased page by its {@link WriteTask}: the page is lent to
 * the device, which replicates the block over the range (SBC-3 §5.42), and comes back to the pool
 * when the device is done. With UNMAP = 1 (thin units only) the range is deallocated instead, whatever
 * the block holds, and the page goes back at once: unmapped blocks read as zeros (LBPRZ = 1), as
 * libiscsi's UnmapUntilEnd expects after sending a block of FFh — the way Linux LIO and tgt treat it.
 * With {@code fua} (WCE = 0) the device flushes before it completes either.
 */
final class WriteSameSink implements WriteTask.SegmentSink {
    private final long byteOffset;
    private final long byteLength;
    private final boolean unmap;
    private final boolean fua;

    WriteSameSink(long byteOffset, long byteLength, boolean unmap, boolean fua) {
        this.byteOffset = byteOffset;
        this.byteLength = byteLength;
        this.unmap = unmap;
        this.fua = fua;
    }

    @Override
    public WriteTask.SinkOutcome take(WriteTask task, List<Page> pages, long offset, int length, boolean last) {
        TaskHost host = task.host();
        List<IoRequest.Range> range = List.of(new IoRequest.Range(byteOffset, byteLength));
        if (unmap) {
            if (!host.submit(task, task.lu(), List.of(), 0,
                    (views, done) -> new IoRequest(IoRequest.Operation.UNMAP, 0, views, fua, range, done))) {
                return WriteTask.SinkOutcome.BUSY;
            }
            host.release(pages, ReleaseKind.HANDLER);
            return WriteTask.SinkOutcome.SUBMITTED;
        }
        boolean submitted = host.submit(task, task.lu(), pages, length,
                (views, done) -> new IoRequest(IoRequest.Operation.WRITE_SAME, 0, views, fua, range, done));
        return submitted ? WriteTask.SinkOutcome.SUBMITTED : WriteTask.SinkOutcome.BUSY;
    }
}
