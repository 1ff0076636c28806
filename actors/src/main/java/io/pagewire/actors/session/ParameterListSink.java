package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.CommandPlan;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's parameter list (UNMAP), received into leased pages by its {@link WriteTask}: each
 * segment is copied into a small heap array (at most 64 KiB, the CDB's 16-bit length) and its pages
 * go back to the pool at once; when the last one is in, the command layer decides from the list.
 * A DEALLOCATE plan becomes one UNMAP request to the device; anything else ends the task here.
 */
final class ParameterListSink implements WriteTask.SegmentSink {
    private final byte[] list;
    private final CommandPlan.ParameterListHandler then;

    ParameterListSink(int length, CommandPlan.ParameterListHandler then) {
        this.list = new byte[length];
        this.then = then;
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
        TaskHost host = task.host();
        if (!last) {
            host.release(pages, ReleaseKind.HANDLER);
            return WriteTask.SinkOutcome.DONE;
        }
        CommandPlan plan = then.plan(task.lu().info(), list);
        if (plan instanceof CommandPlan.Deallocate deallocate) {
            int blockSize = task.lu().info().geometry().blockSize();
            List<IoRequest.Range> ranges = new ArrayList<>(deallocate.ranges().size());
            for (CommandPlan.BlockRange r : deallocate.ranges()) {
                ranges.add(new IoRequest.Range(r.lba() * blockSize, r.blocks() * blockSize));
            }
            if (!host.submit(task, task.lu(), List.of(), 0,
                    (views, done) -> new IoRequest(IoRequest.Operation.UNMAP, 0, views, false, ranges, done))) {
                return WriteTask.SinkOutcome.BUSY;
            }
            host.release(pages, ReleaseKind.HANDLER);
            return WriteTask.SinkOutcome.SUBMITTED;
        }
        host.release(pages, ReleaseKind.HANDLER);
        if (plan instanceof CommandPlan.CheckCondition check) {
            task.fail(check.sense());
        } else if (!(plan instanceof CommandPlan.Respond)) {
            task.fail(SenseData.of(SenseCode.INTERNAL_TARGET_FAILURE));
        }
        return WriteTask.SinkOutcome.DONE;
    }
}
