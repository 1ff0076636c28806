package io.pagewire.streams.pipeline;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One unit of device work for an {@link IoPipeline}: a READ or WRITE over a run of pages, a
 * FLUSH, or one of the compare, merge and atomic operations ({@link Operation}), which may also lend
 * scratch pages for the medium. Immutable; compared by identity (it stands for one command, and its pages are mutable).
 *
 * <p>The pages are used in order, back to back: page {@code i} covers the bytes from its position
 * to its limit, starting where page {@code i-1} ended, the first at {@link #byteOffset()}. The
 * pipeline works on {@link ByteBuffer#duplicate() duplicates}, so the position and limit of the
 * caller's buffers are the same before and after. The pages stay the caller's (the PagePool's);
 * they must not be touched or returned until the completion callback has run.
 *
 * <p>The completion callback runs exactly once for every request the pipeline accepted, on the
 * blocking I/O thread that ran it (on the stream's thread if the executor refused the work), after
 * the device work has finished (and after the flush for a FUA write). It must be cheap and must not
 * block: the Session actor just {@code tell}s itself. If it throws, the pipeline counts and logs
 * it ({@link IoHealth#callbackFailures()}) and goes on.
 */
public final class IoRequest {

    /** What to do with the device. */
    public enum Operation {
        /** Fill the pages from the device. */
        READ,
        /** Store the pages on the device; with FUA, also flush before completing. */
        WRITE,
        /** Make every completed write durable (SYNCHRONIZE CACHE); carries no pages. */
        FLUSH,
        /** Store the block in the first page over the one range (WRITE SAME); with FUA, also flush. */
        WRITE_SAME,
        /** Deallocate the ranges: they read as zeros afterwards (UNMAP); carries no pages. */
        UNMAP,
        /** Fill the one page with GET LBA STATUS parameter data for the block at the offset. */
        GET_LBA_STATUS,
        /** VERIFY with BYTCHK = 01b: compare the medium with the pages; a difference is a miscompare. */
        COMPARE,
        /**
         * VERIFY with BYTCHK = 11b: the pages hold one logical block; compare every block of the medium
         * range ({@link #mediumLength()} bytes) with it.
         */
        COMPARE_EACH_BLOCK,
        /** WRITE AND VERIFY with BYTCHK = 01b: write the pages (FUA), then read them back and compare. */
        WRITE_AND_COMPARE,
        /**
         * COMPARE AND WRITE: the first half of the pages is compared with the medium; only if all of it
         * matches is the second half written there. Exclusive on its range.
         */
        COMPARE_AND_WRITE,
        /** ORWRITE: the medium OR the pages is written back. Exclusive on its range. */
        OR_WRITE,
        /** WRITE ATOMIC: a write no other command sees half done. Exclusive on its range. */
        ATOMIC_WRITE;

        /**
         * Whether the command may be cut into several requests of consecutive ranges (segments);
         * the others need the whole command in one request to be atomic or to compare.
         */
        public boolean divisible() {
            return this == READ || this == WRITE || this == COMPARE || this == WRITE_AND_COMPARE;
        }

        /** Whether the request reads the medium into scratch pages besides moving its own pages. */
        public boolean readsIntoScratch() {
            return this == COMPARE || this == COMPARE_EACH_BLOCK || this == WRITE_AND_COMPARE
                    || this == COMPARE_AND_WRITE || this == OR_WRITE;
        }

        /**
         * Whether the request must see its range unchanged from start to end (SBC-3 §5.2, §5.14 atomicity):
         * such requests exclude every overlapping request on the same pipeline while they run.
         */
        public boolean exclusive() {
            return this == COMPARE_AND_WRITE || this == OR_WRITE || this == ATOMIC_WRITE
                    || this == WRITE_AND_COMPARE;
        }

        /**
         * Whether the request writes the medium: with the Caching mode page's WCE = 0 such a request
         * is forced to the medium (FUA) before it completes (SBC-3 §6.4.5). UNMAP deallocates rather
         * than writes and FLUSH writes nothing of its own.
         */
        public boolean writesMedium() {
            return this == WRITE || this == WRITE_SAME || this == WRITE_AND_COMPARE || this == COMPARE_AND_WRITE
                    || this == OR_WRITE || this == ATOMIC_WRITE;
        }
    }

    /** {@code length} bytes of the device from {@code byteOffset}, for WRITE_SAME and UNMAP. */
    public record Range(long byteOffset, long length) {
        public Range {
            if (byteOffset < 0 || length < 0 || byteOffset > Long.MAX_VALUE - length) {
                throw new IllegalArgumentException("bad range of " + length + " bytes at " + byteOffset);
            }
        }
    }

    private final Operation operation;
    private final long byteOffset;
    private final List<ByteBuffer> buffers;
    private final boolean fua;
    private final Consumer<IoResult> onComplete;
    private final long length;
    private final List<ByteBuffer> scratch;
    private final long mediumLength;
    private final List<Range> ranges;

    /**
     * @param operation  READ, WRITE or FLUSH
     * @param byteOffset where on the device the first page goes (0 for FLUSH)
     * @param buffers    the pages, in order (empty for FLUSH)
     * @param fua        for WRITE: flush after writing, before completing (the FUA bit of the
     *                   SBC WRITE commands); ignored for READ, since a handler keeps no cache of its own that a
     *                   read could bypass; must be false for FLUSH
     * @param onComplete called once with the outcome, on the I/O thread
     * @throws IllegalArgumentException for a negative offset, pages on a FLUSH, FUA on a FLUSH, or
     *                                  a range whose end overflows
     */
    public IoRequest(Operation operation, long byteOffset, List<ByteBuffer> buffers, boolean fua,
                     Consumer<IoResult> onComplete) {
        this(operation, byteOffset, buffers, List.of(), -1, fua, List.of(), onComplete);
    }

    /**
     * As above, with the device ranges a WRITE_SAME (exactly one) or an UNMAP (any number) covers.
     *
     * @throws IllegalArgumentException also for ranges on another operation, or a WRITE_SAME
     *                                  without exactly one range and one page
     */
    public IoRequest(Operation operation, long byteOffset, List<ByteBuffer> buffers, boolean fua, List<Range> ranges,
                     Consumer<IoResult> onComplete) {
        this(operation, byteOffset, buffers, List.of(), -1, fua, ranges, onComplete);
    }

    /**
     * A request of any operation. For the operations that read the medium to compare or merge
     * ({@link Operation#readsIntoScratch()}), {@code scratch} holds pages (at least one) the medium is
     * read into, one after the other, as many times as needed; they are lent as the other pages are.
     *
     * @param mediumLength bytes of the medium the request covers from {@code byteOffset}; -1 for the
     *                     operation's natural length: the pages' length, half of it for
     *                     COMPARE_AND_WRITE. COMPARE_EACH_BLOCK needs it (a multiple of its one block)
     */
    public IoRequest(Operation operation, long byteOffset, List<ByteBuffer> buffers, List<ByteBuffer> scratch,
                     long mediumLength, boolean fua, Consumer<IoResult> onComplete) {
        this(operation, byteOffset, buffers, scratch, mediumLength, fua, List.of(), onComplete);
    }

    private IoRequest(Operation operation, long byteOffset, List<ByteBuffer> buffers, List<ByteBuffer> scratch,
                      long mediumLength, boolean fua, List<Range> ranges, Consumer<IoResult> onComplete) {
        this.ranges = List.copyOf(ranges);
        boolean ranged = operation == Operation.WRITE_SAME || operation == Operation.UNMAP;
        if (!ranged && !this.ranges.isEmpty()) {
            throw new IllegalArgumentException(operation + " takes no ranges");
        }
        if (operation == Operation.WRITE_SAME && (this.ranges.size() != 1 || buffers.size() != 1)) {
            throw new IllegalArgumentException("WRITE_SAME takes one range and one page");
        }
        if ((operation == Operation.UNMAP && !buffers.isEmpty())
                || (operation == Operation.GET_LBA_STATUS && buffers.size() != 1)) {
            throw new IllegalArgumentException(operation + " with " + buffers.size() + " pages");
        }
        this.operation = Objects.requireNonNull(operation, "operation");
        this.buffers = List.copyOf(buffers);
        this.onComplete = Objects.requireNonNull(onComplete, "onComplete");
        if (byteOffset < 0) {
            throw new IllegalArgumentException("byte offset must not be negative, got " + byteOffset);
        }
        if (operation == Operation.FLUSH && (byteOffset != 0 || !this.buffers.isEmpty() || fua)) {
            throw new IllegalArgumentException("FLUSH takes no offset, pages or FUA");
        }
        long total = 0;
        for (ByteBuffer page : this.buffers) {
            total += page.remaining();
        }
        if (byteOffset > Long.MAX_VALUE - total) {
            throw new IllegalArgumentException("range of " + total + " bytes at " + byteOffset + " overflows");
        }
        this.byteOffset = byteOffset;
        this.fua = fua;
        this.length = total;
        this.scratch = List.copyOf(scratch);
        if (operation.readsIntoScratch() != !this.scratch.isEmpty()) {
            throw new IllegalArgumentException(operation + (this.scratch.isEmpty() ? " needs" : " takes no")
                    + " scratch pages");
        }
        for (ByteBuffer page : this.scratch) {
            if (!page.hasRemaining()) {
                throw new IllegalArgumentException("an empty scratch page");
            }
        }
        long natural = operation == Operation.COMPARE_AND_WRITE ? total / 2 : total;
        if (operation == Operation.COMPARE_AND_WRITE && total % 2 != 0) {
            throw new IllegalArgumentException("COMPARE_AND_WRITE needs two halves of equal length, got " + total);
        }
        if (mediumLength < 0) {
            if (operation == Operation.COMPARE_EACH_BLOCK) {
                throw new IllegalArgumentException("COMPARE_EACH_BLOCK needs the medium length");
            }
            mediumLength = natural;
        } else if (operation != Operation.COMPARE_EACH_BLOCK && mediumLength != natural) {
            throw new IllegalArgumentException(operation + " covers " + natural + " bytes, not " + mediumLength);
        } else if (operation == Operation.COMPARE_EACH_BLOCK && (total == 0 || mediumLength % total != 0)) {
            throw new IllegalArgumentException("COMPARE_EACH_BLOCK of " + mediumLength + " bytes against " + total);
        }
        if (byteOffset > Long.MAX_VALUE - mediumLength) {
            throw new IllegalArgumentException("range of " + mediumLength + " bytes at " + byteOffset + " overflows");
        }
        this.mediumLength = mediumLength;
    }

    /** Reads {@code pages.size()} pages' worth of bytes starting at {@code byteOffset}. */
    public static IoRequest read(long byteOffset, List<ByteBuffer> pages, Consumer<IoResult> onComplete) {
        return new IoRequest(Operation.READ, byteOffset, pages, false, onComplete);
    }

    /** Writes the pages starting at {@code byteOffset}; with {@code fua}, flushes before completing. */
    public static IoRequest write(long byteOffset, List<ByteBuffer> pages, boolean fua, Consumer<IoResult> onComplete) {
        return new IoRequest(Operation.WRITE, byteOffset, pages, fua, onComplete);
    }

    /** Flushes the device. */
    public static IoRequest flush(Consumer<IoResult> onComplete) {
        return new IoRequest(Operation.FLUSH, 0, List.of(), false, onComplete);
    }

    public Operation operation() {
        return operation;
    }

    public long byteOffset() {
        return byteOffset;
    }

    /** The pages, in order; an unmodifiable list. */
    public List<ByteBuffer> buffers() {
        return buffers;
    }

    public boolean fua() {
        return fua;
    }

    public Consumer<IoResult> onComplete() {
        return onComplete;
    }

    /** The device ranges of a WRITE_SAME or UNMAP; empty for the other operations. */
    public List<Range> ranges() {
        return ranges;
    }

    /** Total bytes covered: the sum of the pages' remaining bytes when the request was made. */
    public long length() {
        return length;
    }

    /** The pages the medium is read into for a compare or merge; empty for the other operations. */
    public List<ByteBuffer> scratch() {
        return scratch;
    }

    /** Bytes of the medium the request reads or writes from {@link #byteOffset()} (0 for FLUSH). */
    public long mediumLength() {
        return mediumLength;
    }

    @Override
    public String toString() {
        return "IoRequest[" + operation + (operation == Operation.FLUSH ? "" : " " + length + " bytes at " + byteOffset
                + " in " + buffers.size() + " pages") + (fua ? ", FUA" : "") + "]";
    }
}
