package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.pipeline.IoResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A WRITE taking {@code length} bytes from the initiator to the device, one segment of leased
 * pages at a time. Data arrives as immediate data, unsolicited Data-Out (up to FirstBurstLength
 * when InitialR2T=No) and Data-Out answering our R2Ts (each at most MaxBurstLength, at most
 * MaxOutstandingR2T at once), RFC 7143 §4.2.1 and §11.8. Bytes land in the segment's pages; a full
 * segment goes to the device, and its pages return to the pool when the device is done.
 *
 * <p>Immediate and unsolicited data that arrives before its segment's pages are leased — before
 * the first lease, or beyond the current segment when FirstBurstLength exceeds the segment size —
 * is held as the received buffer slices (bounded by FirstBurstLength) and copied in when the pages
 * of its segment arrive.
 *
 * <p>The same task carries every command whose Data-Out the device uses in another way
 * ({@link io.pagewire.streams.commands.CommandPlan.DataOutOperation}): the received bytes go to the
 * device as that operation instead of a WRITE. Operations that read the medium to compare or merge get
 * {@value #SCRATCH_PAGES} scratch page with each segment's lease (the device reads the medium into it, a
 * page at a time); operations that are not divisible (COMPARE AND WRITE, ORWRITE, WRITE ATOMIC, VERIFY
 * of one block against many) take the whole command as one segment, whatever the segment size, so the
 * device can do them in one request. A miscompare ends the task with MISCOMPARE DURING VERIFY OPERATION,
 * INFORMATION = offset of the first differing byte from the start of the compared data.
 */
final class WriteTask implements Task, TaskManagement.LunTask, DataOutTask {

    /** Pages of each compare or merge segment the medium is read into, one after the other. */
    static final int SCRATCH_PAGES = 1;

    private static final class Solicitation {
        final int r2tSn;
        final long end;
        long nextOffset;
        int nextDataSn;

        Solicitation(int r2tSn, long offset, long end) {
            this.r2tSn = r2tSn;
            this.nextOffset = offset;
            this.end = end;
        }
    }

    private record Held(long offset, ByteBuf data) {
    }

    private final TaskHost host;
    private final int itt;
    private final long lun;
    private final LogicalUnit lu;
    private final long deviceOffset;
    private final long length;
    private final long expected;
    private final boolean fua;
    private final Residual residual;
    private final long unsolicitedEnd;
    private final IoRequest.Operation operation;
    private final long mediumLength;
    private List<Page> scratch = List.of();
    private SenseData failure;
    private boolean dataPhaseBroken;
    private final Map<Integer, Solicitation> solicitations = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private final TttSource ttts;
    private Runnable handOff;
    private long unsolicitedNext;
    private int unsolicitedDataSn;
    private boolean unsolicitedDone;
    private long nextR2tOffset;
    private int nextR2tSn;
    private long segmentStart;
    private int segmentLength;
    private int segmentReceived;
    private List<Page> pages = List.of();
    private boolean ioInFlight;
    private boolean aborted;
    private final SegmentSink sink;

    /** Allocates Target Transfer Tags unique within the session. */
    interface TttSource {
        int next(WriteTask task);
    }

    /**
     * What becomes of a segment once all its bytes are in its pages, when it is not a plain WRITE
     * (WRITE SAME's block, a parameter list). Takes ownership of the pages unless it answers BUSY.
     */
    interface SegmentSink {
        /**
         * @param offset where the segment starts in the command's data
         * @param last   whether it is the last segment
         */
        SinkOutcome take(WriteTask task, List<Page> pages, long offset, int length, boolean last);
    }

    enum SinkOutcome {
        /** One I/O was submitted; its completion arrives as {@link #onIoDone}. */
        SUBMITTED,
        /** Handled without I/O (pages already given back); a failure is set with {@link #fail}. */
        DONE,
        /** The LU refused the I/O: the pages stay with the task, which answers BUSY. */
        BUSY
    }

    /**
     * @param length      bytes the CDB writes (the command is done when they are on the device)
     * @param expected    the Expected Data Transfer Length: what the initiator may send
     * @param failure     when not null, the command already failed: absorb the unsolicited data, then
     *                    answer CHECK CONDITION with this sense
     * @param immediate   the immediate data of the command PDU (ownership passes to this task)
     * @param unsolicitedFollows the command PDU's F bit was 0: unsolicited Data-Out follows (§11.3.1)
     */
    WriteTask(TaskHost host, TttSource ttts, int itt, long lun, LogicalUnit lu, long deviceOffset, long length,
              long expected, boolean fua, Residual residual, SenseData failure, ByteBuf immediate,
              boolean unsolicitedFollows) {
        this(host, ttts, itt, lun, lu, deviceOffset, length, expected, fua, residual, failure, immediate,
                unsolicitedFollows, null, IoRequest.Operation.WRITE, -1);
    }

    /** As above; each full segment goes to {@code sink} instead of being written (null: written). */
    WriteTask(TaskHost host, TttSource ttts, int itt, long lun, LogicalUnit lu, long deviceOffset, long length,
              long expected, boolean fua, Residual residual, SenseData failure, ByteBuf immediate,
              boolean unsolicitedFollows, SegmentSink sink) {
        this(host, ttts, itt, lun, lu, deviceOffset, length, expected, fua, residual, failure, immediate,
                unsolicitedFollows, sink, IoRequest.Operation.WRITE, -1);
    }

    /**
     * As the WRITE constructor, for a Data-Out the device applies {@code operation} to.
     *
     * @param mediumLength bytes of the medium the operation covers when it is not what the data covers
     *                     (VERIFY of one block against many); -1 otherwise
     */
    WriteTask(TaskHost host, TttSource ttts, int itt, long lun, LogicalUnit lu, long deviceOffset, long length,
              long expected, boolean fua, Residual residual, SenseData failure, ByteBuf immediate,
              boolean unsolicitedFollows, IoRequest.Operation operation, long mediumLength) {
        this(host, ttts, itt, lun, lu, deviceOffset, length, expected, fua, residual, failure, immediate,
                unsolicitedFollows, null, operation, mediumLength);
    }

    private WriteTask(TaskHost host, TttSource ttts, int itt, long lun, LogicalUnit lu, long deviceOffset, long length,
                      long expected, boolean fua, Residual residual, SenseData failure, ByteBuf immediate,
                      boolean unsolicitedFollows, SegmentSink sink, IoRequest.Operation operation, long mediumLength) {
        this.sink = sink;
        this.operation = operation;
        this.mediumLength = mediumLength;
        this.failure = failure;
        this.host = host;
        this.ttts = ttts;
        this.itt = itt;
        this.lun = lun;
        this.lu = lu;
        this.deviceOffset = deviceOffset;
        this.length = length;
        this.expected = expected;
        this.fua = fua;
        this.residual = residual;
        SessionParameters p = host.parameters();
        // An F bit on the command ends the unsolicited data there, even short of FirstBurstLength
        // (§11.3.4): what follows the immediate data is solicited.
        long unsolicited = p.initialR2t() || !unsolicitedFollows ? immediate.readableBytes()
                : Math.min(p.firstBurstLength(), expected);
        this.unsolicitedEnd = Math.min(unsolicited, expected);
        this.unsolicitedDone = !unsolicitedFollows || p.initialR2t() || unsolicitedEnd <= immediate.readableBytes();
        this.unsolicitedNext = immediate.readableBytes();
        this.nextR2tOffset = Math.min(unsolicitedEnd, length);
        if (immediate.isReadable()) {
            held.add(new Held(0, immediate));
        } else {
            immediate.release();
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

    void start() {
        if (length == 0) {
            releaseHeld();
            maybeFinish();
        } else {
            leaseSegment();
        }
    }

    private void leaseSegment() {
        long segmentLimit = operation.divisible() ? host.maxSegment() : length;
        segmentLength = (int) Math.min(segmentLimit, length - segmentStart);
        segmentReceived = 0;
        host.lease(this, dataPages() + (operation.readsIntoScratch() ? SCRATCH_PAGES : 0));
    }

    private int dataPages() {
        return (segmentLength + host.pageSize() - 1) / host.pageSize();
    }

    @Override
    public void onLeased(long tag, List<Page> leased) {
        if (dataPhaseBroken) {
            host.release(leased, ReleaseKind.UNUSED);
            return;
        }
        int data = dataPages();
        pages = List.copyOf(leased.subList(0, data));
        scratch = List.copyOf(leased.subList(data, leased.size()));
        placeHeld();
        solicit();
        maybeWriteSegment();
    }

    /**
     * A Data-Out for this task. Takes ownership of the PDU. A Data-Out out of sequence (DataSN or
     * offset not the next expected) breaks the data phase: nothing more is written, the rest of the
     * initiator's open sequences is absorbed, and the task ends with CHECK CONDITION / ABORTED
     * COMMAND — the session and its other tasks go on (RFC 7143 §7.1.4, ERL 0).
     */
    @Override
    public void onDataOut(DataOut pdu) {
        try {
            if (dataPhaseBroken) {
                absorb(pdu);
                return;
            }
            long offset = Integer.toUnsignedLong(pdu.bufferOffset());
            int n = pdu.data().readableBytes();
            if (pdu.ttt() == Pdu.RESERVED_TAG) {
                if (unsolicitedDone || pdu.dataSn() != unsolicitedDataSn) {
                    // Unsolicited data past where it had to end: the initiator's sequence is open until
                    // its F bit, and the task may end only then, or its later Data-Outs would find none.
                    unsolicitedDone = false;
                    breakDataPhase(SenseCode.DATA_PHASE_ERROR, pdu);
                    return;
                }
                if (offset != unsolicitedNext || offset + n > unsolicitedEnd) {
                    breakDataPhase(SenseCode.DATA_OFFSET_ERROR, pdu);
                    return;
                }
                unsolicitedNext += n;
                unsolicitedDataSn++;
                unsolicitedDone = pdu.finalFlag() || unsolicitedNext == unsolicitedEnd;
            } else {
                Solicitation s = solicitations.get(pdu.ttt());
                if (s == null || pdu.dataSn() != s.nextDataSn) {
                    breakDataPhase(SenseCode.DATA_PHASE_ERROR, pdu);
                    return;
                }
                if (offset != s.nextOffset || offset + n > s.end || (pdu.finalFlag() && offset + n != s.end)) {
                    breakDataPhase(SenseCode.DATA_OFFSET_ERROR, pdu);
                    return;
                }
                s.nextOffset += n;
                s.nextDataSn++;
                if (s.nextOffset == s.end) {
                    solicitations.remove(pdu.ttt());
                }
            }
            if (!pages.isEmpty()) {
                place(offset, pdu.data());
            }
            long segmentEnd = segmentEnd();
            boolean needed = offset < length && offset + n > segmentStart;
            boolean waitingForPages = pages.isEmpty() && !ioInFlight;
            boolean reachesLaterSegment = offset + n > segmentEnd && segmentEnd < length;
            if (needed && (waitingForPages || reachesLaterSegment)) {
                held.add(new Held(offset, pdu.data().retain()));
            }
        } finally {
            pdu.release();
        }
        solicit();
        maybeWriteSegment();
        maybeFinish();
    }

    private void breakDataPhase(SenseCode code, DataOut pdu) {
        dataPhaseBroken = true;
        failure = SenseData.of(code);
        host.release(pages, ReleaseKind.UNUSED);
        host.release(scratch, ReleaseKind.UNUSED);
        pages = List.of();
        scratch = List.of();
        releaseHeld();
        absorb(pdu);
    }

    /** Broken data phase: discard data; each F bit closes one of the initiator's open sequences. */
    private void absorb(DataOut pdu) {
        if (pdu.finalFlag()) {
            if (pdu.ttt() == Pdu.RESERVED_TAG) {
                unsolicitedDone = true;
            } else {
                solicitations.remove(pdu.ttt());
            }
        }
        finishBrokenWhenDrained();
    }

    /** Copies held data into the new segment's pages; keeps what reaches past it for the next segments. */
    private void placeHeld() {
        long segmentEnd = segmentEnd();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            place(h.offset(), h.data());
            if (h.offset() + h.data().readableBytes() <= segmentEnd || segmentEnd >= length) {
                h.data().release();
                it.remove();
            }
        }
    }

    private long segmentEnd() {
        return Math.min(segmentStart + segmentLength, length);
    }

    private void releaseHeld() {
        held.forEach(h -> h.data().release());
        held.clear();
    }

    /** Copies the part of [offset, offset+n) that falls in the current segment into its pages. */
    private void place(long offset, ByteBuf data) {
        long from = Math.max(offset, segmentStart);
        long to = Math.min(offset + data.readableBytes(), Math.min(segmentStart + segmentLength, length));
        for (long at = from; at < to; ) {
            int inSegment = (int) (at - segmentStart);
            int pageIndex = inSegment / host.pageSize();
            int inPage = inSegment % host.pageSize();
            int n = (int) Math.min(to - at, host.pageSize() - inPage);
            data.getBytes(data.readerIndex() + (int) (at - offset), pages.get(pageIndex).view(inPage, n));
            at += n;
            segmentReceived += n;
        }
    }

    /** Issues R2Ts for the current segment while fewer than MaxOutstandingR2T are open. */
    private void solicit() {
        if (pages.isEmpty() || aborted || dataPhaseBroken) {
            return;
        }
        long segmentEnd = segmentStart + segmentLength;
        SessionParameters p = host.parameters();
        while (solicitations.size() < p.maxOutstandingR2t() && nextR2tOffset < segmentEnd) {
            long burst = Math.min(p.maxBurstLength(), segmentEnd - nextR2tOffset);
            int ttt = ttts.next(this);
            Solicitation s = new Solicitation(nextR2tSn++, nextR2tOffset, nextR2tOffset + burst);
            solicitations.put(ttt, s);
            host.wire().r2t(lun, itt, ttt, s.r2tSn, (int) nextR2tOffset, (int) burst);
            nextR2tOffset += burst;
        }
    }

    private void maybeWriteSegment() {
        if (pages.isEmpty() || ioInFlight || segmentReceived < segmentLength || aborted || dataPhaseBroken) {
            return;
        }
        boolean last = segmentStart + segmentLength == length;
        List<Page> writing = pages;
        List<Page> reading = scratch;
        pages = List.of();
        scratch = List.of();
        SinkOutcome outcome;
        if (sink != null) {
            outcome = sink.take(this, writing, segmentStart, segmentLength, last);
        } else {
            boolean submitted = operation == IoRequest.Operation.WRITE
                    ? host.submit(this, lu, operation, deviceOffset + segmentStart, writing, segmentLength, fua && last)
                    : host.submit(this, lu, operation, deviceOffset + segmentStart, writing, segmentLength, reading,
                            mediumLength, fua && last);
            outcome = submitted ? SinkOutcome.SUBMITTED : SinkOutcome.BUSY;
        }
        if (outcome == SinkOutcome.SUBMITTED) {
            ioInFlight = true;
        } else if (outcome == SinkOutcome.DONE) {
            segmentDone();
        } else {
            host.release(writing, ReleaseKind.UNUSED);
            host.release(reading, ReleaseKind.UNUSED);
            releaseHeld();
            aborted = true;
            host.busy(itt);
            host.finished(this);
        }
    }

    @Override
    public void onIoDone(long tag, IoResult result) {
        if (result instanceof IoResult.Miscompare miscompare && !aborted && !dataPhaseBroken) {
            // SBC-3 §5.2 / §5.33: the offset is counted from the first byte this command compares.
            ioInFlight = false;
            releaseHeld();
            aborted = true;
            host.checkCondition(itt, SenseData.of(SenseCode.MISCOMPARE_DURING_VERIFY,
                    segmentStart + miscompare.offset()), Residual.NONE);
            host.finished(this);
            return;
        }
        onIoDone(tag, result instanceof IoResult.Failure failure ? failure.cause() : null);
    }

    @Override
    public void onIoDone(long tag, Throwable error) {
        ioInFlight = false;
        if (aborted) {
            return;
        }
        if (dataPhaseBroken) {
            finishBrokenWhenDrained();
            return;
        }
        if (error != null) {
            releaseHeld();
            aborted = true;
            boolean readOnly = operation == IoRequest.Operation.COMPARE
                    || operation == IoRequest.Operation.COMPARE_EACH_BLOCK;
            host.checkCondition(itt, SenseData.of(readOnly ? SenseCode.UNRECOVERED_READ_ERROR : SenseCode.WRITE_ERROR),
                    Residual.NONE);
            host.finished(this);
            return;
        }
        segmentDone();
    }

    private void segmentDone() {
        segmentStart += segmentLength;
        segmentLength = 0;
        if (segmentStart < length) {
            leaseSegment();
        } else {
            maybeFinish();
        }
    }

    /** A sink's verdict: the command ends with CHECK CONDITION and this sense once the data is in. */
    void fail(SenseData sense) {
        failure = sense;
    }

    TaskHost host() {
        return host;
    }

    LogicalUnit lu() {
        return lu;
    }

    private void finishBrokenWhenDrained() {
        if (unsolicitedDone && solicitations.isEmpty() && !ioInFlight && !aborted) {
            aborted = true;
            host.checkCondition(itt, failure, residual);
            host.finished(this);
        }
    }

    private void maybeFinish() {
        if (aborted || ioInFlight || dataPhaseBroken || segmentStart < length || !unsolicitedDone) {
            return;
        }
        aborted = true; // finished: later Data-Out for this tag is a protocol error
        if (handOff != null && failure == null) {
            // Another task answers for this command (EXTENDED COPY's copy); this one only took the data.
            host.finished(this);
            handOff.run();
            return;
        }
        if (failure != null) {
            host.checkCondition(itt, failure, residual);
        } else {
            host.wire().response(itt, ScsiStatus.GOOD.value(), Unpooled.EMPTY_BUFFER, residual, nextR2tSn);
        }
        host.finished(this);
    }

    /**
     * Once every byte of Data-Out is in and no failure was set, {@code next} runs instead of the GOOD
     * status: it registers and starts the task that completes the command under the same tag.
     */
    void handOff(Runnable next) {
        handOff = next;
    }

    @Override
    public void abort() {
        aborted = true;
        host.release(pages, ReleaseKind.UNUSED);
        host.release(scratch, ReleaseKind.UNUSED);
        pages = List.of();
        scratch = List.of();
        releaseHeld();
    }

    @Override
    public boolean ownsTtt(int ttt) {
        return solicitations.containsKey(ttt);
    }

    long expected() {
        return expected;
    }
}
