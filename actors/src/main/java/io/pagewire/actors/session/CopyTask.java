package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;
import java.util.Objects;

/**
 * The copy of an EXTENDED COPY (LID1), SPC-4 §6.4, once its parameter list is in and checked: segment
 * by segment, one chunk of at most {@code max-segment} bytes at a time — lease pages, READ them full
 * from the source LU, WRITE them to the destination LU, give them back — then GOOD. At most one chunk's
 * pages are held at once. Between I/Os this task holds no page: the pages of an I/O are the device's
 * until its completion, which returns them here (or, after session stop, to the pool directly).
 */
final class CopyTask implements Task, TaskManagement.LunTask {

    /**
     * One segment in bytes on the two units; with {@code durable} (the destination's WCE = 0) each
     * chunk written is forced to its medium before the copy goes on.
     */
    record Step(LogicalUnit source, long sourceOffset, LogicalUnit destination, long destinationOffset,
                long length, boolean durable) {
        Step {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }

        /**
         * Whether chunks go from the end backwards: within one unit, when the destination starts inside
         * the source range, a forward copy would read chunks it has already overwritten.
         */
        boolean backwards() {
            return source == destination && destinationOffset > sourceOffset
                    && destinationOffset < sourceOffset + length;
        }

        /** Where the chunk of {@code length} bytes after {@code done} copied bytes starts, from the start. */
        long chunkStart(long done, int chunk) {
            return backwards() ? length - done - chunk : done;
        }
    }

    /** How the copy ended, for RECEIVE COPY RESULTS. */
    interface Outcome {
        void ended(boolean withErrors, int segmentsProcessed, long bytesCopied);
    }

    private final TaskHost host;
    private final int itt;
    private final long lun;
    private final List<Step> steps;
    private final Residual residual;
    private final Outcome outcome;
    private int step;
    private long doneInStep;
    private long copied;
    private int chunk;
    private List<Page> pages = List.of();
    private boolean reading;
    private boolean aborted;

    CopyTask(TaskHost host, int itt, long lun, List<Step> steps, Residual residual, Outcome outcome) {
        this.host = host;
        this.itt = itt;
        this.lun = lun;
        this.steps = List.copyOf(steps);
        this.residual = residual;
        this.outcome = outcome;
    }

    @Override
    public int itt() {
        return itt;
    }

    @Override
    public long lun() {
        return lun;
    }

    void start() {
        next();
    }

    private void next() {
        while (step < steps.size() && doneInStep == steps.get(step).length()) {
            step++;
            doneInStep = 0;
        }
        if (step == steps.size()) {
            outcome.ended(false, steps.size(), copied);
            host.wire().response(itt, ScsiStatus.GOOD.value(), Unpooled.EMPTY_BUFFER, residual, 0);
            host.finished(this);
            return;
        }
        chunk = (int) Math.min(host.maxSegment(), steps.get(step).length() - doneInStep);
        host.lease(this, (chunk + host.pageSize() - 1) / host.pageSize());
    }

    @Override
    public void onLeased(long tag, List<Page> leased) {
        if (aborted) {
            host.release(leased, ReleaseKind.UNUSED);
            return;
        }
        Step s = steps.get(step);
        reading = true;
        long at = s.chunkStart(doneInStep, chunk);
        if (host.submit(this, s.source(), IoRequest.Operation.READ, s.sourceOffset() + at, leased, chunk, false)) {
            pages = leased;
        } else {
            host.release(leased, ReleaseKind.UNUSED);
            busy();
        }
    }

    @Override
    public void onIoDone(long tag, Throwable failure) {
        List<Page> held = pages;
        pages = List.of();
        if (aborted) {
            host.release(held, ReleaseKind.UNUSED);
            return;
        }
        if (failure != null) {
            host.release(held, ReleaseKind.UNUSED);
            fail(reading ? SenseCode.COPY_ABORTED_READ_ERROR : SenseCode.COPY_ABORTED_WRITE_ERROR);
            return;
        }
        Step s = steps.get(step);
        if (reading) {
            // The pages now hold the source's bytes; the same pages go to the destination.
            reading = false;
            if (host.submit(this, s.destination(), IoRequest.Operation.WRITE,
                    s.destinationOffset() + s.chunkStart(doneInStep, chunk), held, chunk, s.durable())) {
                pages = held;
            } else {
                host.release(held, ReleaseKind.UNUSED);
                busy();
            }
            return;
        }
        host.release(held, ReleaseKind.HANDLER);
        doneInStep += chunk;
        copied += chunk;
        next();
    }

    private void fail(SenseCode code) {
        outcome.ended(true, step, copied);
        host.checkCondition(itt, SenseData.of(code), Residual.NONE);
        host.finished(this);
    }

    private void busy() {
        outcome.ended(true, step, copied);
        host.busy(itt);
        host.finished(this);
    }

    @Override
    public void abort() {
        // Pages inside a device call come back through onIoDone (or to the pool after session stop).
        aborted = true;
    }
}
