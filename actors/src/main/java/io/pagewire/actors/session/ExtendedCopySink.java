package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The parameter list of an EXTENDED COPY, received into leased pages by its {@link WriteTask}: each
 * segment is copied into a heap array (at most {@code ExtendedCopyList.MAX_PARAMETER_LIST_LENGTH}
 * bytes, checked from the CDB) and its pages go back to the pool at once. When the last byte is in,
 * {@code decide} gets the task and the list: it sets a failure or a hand-off on the task.
 */
final class ExtendedCopySink implements WriteTask.SegmentSink {
    private final byte[] list;
    private final BiConsumer<WriteTask, byte[]> decide;

    ExtendedCopySink(int length, BiConsumer<WriteTask, byte[]> decide) {
        this.list = new byte[length];
        this.decide = decide;
    }

    @Override
    public WriteTask.SinkOutcome take(WriteTask task, List<Page> pages, long offset, int length, boolean last) {
        int at = (int) offset;
        int left = length;
        for (Page page : pages) {
            int n = Math.min(left, page.size());
            page.view(n).get(list, at, n);
            at += n;
            left -= n;
        }
        task.host().release(pages, ReleaseKind.HANDLER);
        if (last) {
            decide.accept(task, list);
        }
        return WriteTask.SinkOutcome.DONE;
    }
}
