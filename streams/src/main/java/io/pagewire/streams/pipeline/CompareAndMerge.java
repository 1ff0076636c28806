package io.pagewire.streams.pipeline;

import io.pagewire.streams.spi.DeviceHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The device work of the operations that read the medium before they answer or write: VERIFY and
 * WRITE AND VERIFY with a byte compare, COMPARE AND WRITE, ORWRITE, and WRITE ATOMIC. Runs on the I/O
 * thread with the request's range already locked by {@link IoPipeline}. The medium is read into the
 * request's scratch pages one page at a time (they are reused as often as needed), so a compare of any
 * length holds no more memory than its scratch pages. Never touches the caller's buffer bounds: it
 * works on duplicates.
 */
final class CompareAndMerge {

    private CompareAndMerge() {
    }

    static IoResult perform(DeviceHandler handler, IoRequest request) throws IOException {
        long offset = request.byteOffset();
        List<ByteBuffer> pages = request.buffers();
        return switch (request.operation()) {
            case COMPARE, COMPARE_EACH_BLOCK -> miscompareOrSuccess(request,
                    compare(handler, offset, request.mediumLength(), new Bytes(pages), request.scratch()));
            case WRITE_AND_COMPARE -> {
                write(handler, offset, pages, request.fua());
                yield miscompareOrSuccess(request,
                        compare(handler, offset, request.mediumLength(), new Bytes(pages), request.scratch()));
            }
            case COMPARE_AND_WRITE -> {
                Bytes all = new Bytes(pages);
                long half = request.mediumLength();
                long mismatch = compare(handler, offset, half, all.slice(0, half), request.scratch());
                if (mismatch < 0) {
                    // SBC-3 §5.2: only a compare that matched in every byte writes the second half.
                    write(handler, offset, all.slice(half, half).buffers, request.fua());
                }
                yield miscompareOrSuccess(request, mismatch);
            }
            case OR_WRITE -> {
                orInto(handler, offset, new Bytes(pages), request.scratch());
                write(handler, offset, pages, request.fua());
                yield new IoResult.Success(request);
            }
            case ATOMIC_WRITE -> {
                write(handler, offset, pages, request.fua());
                yield new IoResult.Success(request);
            }
            default -> throw new IllegalStateException(request + " is not a compare or merge");
        };
    }

    private static IoResult miscompareOrSuccess(IoRequest request, long mismatch) {
        return mismatch < 0 ? new IoResult.Success(request) : new IoResult.Miscompare(request, mismatch);
    }

    private static void write(DeviceHandler handler, long offset, List<ByteBuffer> pages, boolean fua)
            throws IOException {
        for (ByteBuffer page : pages) {
            ByteBuffer view = page.duplicate();
            int n = view.remaining();
            handler.write(offset, view);
            offset += n;
        }
        if (fua) {
            handler.flush();
        }
    }

    /**
     * Reads {@code length} bytes of the medium from {@code offset} chunk by chunk into the scratch
     * pages and compares byte {@code i} with byte {@code i % expected.length()} of {@code expected}
     * (the same length for VERIFY, one block for BYTCHK = 11b).
     *
     * @return the first differing offset from {@code offset}, or -1 when every byte matches
     */
    static long compare(DeviceHandler handler, long offset, long length, Bytes expected, List<ByteBuffer> scratch)
            throws IOException {
        long done = 0;
        int next = 0;
        while (done < length) {
            ByteBuffer chunk = scratch.get(next++ % scratch.size()).duplicate();
            int n = (int) Math.min(chunk.remaining(), length - done);
            chunk.limit(chunk.position() + n);
            handler.read(offset + done, chunk.duplicate());
            int mismatch = expected.mismatch(done % expected.length(), chunk);
            if (mismatch >= 0) {
                return done + mismatch;
            }
            done += n;
        }
        return -1;
    }

    /** ORs the medium under {@code data} into {@code data}, chunk by chunk through the scratch pages. */
    private static void orInto(DeviceHandler handler, long offset, Bytes data, List<ByteBuffer> scratch)
            throws IOException {
        long length = data.length();
        long done = 0;
        int next = 0;
        while (done < length) {
            ByteBuffer chunk = scratch.get(next++ % scratch.size()).duplicate();
            int n = (int) Math.min(chunk.remaining(), length - done);
            chunk.limit(chunk.position() + n);
            handler.read(offset + done, chunk.duplicate());
            data.orFrom(done, chunk);
            done += n;
        }
    }

    /** A run of page buffers seen as one byte sequence (positions relative to each buffer's position). */
    static final class Bytes {
        final List<ByteBuffer> buffers;
        private final long[] starts;
        private final long length;

        Bytes(List<ByteBuffer> buffers) {
            this.buffers = buffers;
            this.starts = new long[buffers.size()];
            long at = 0;
            for (int i = 0; i < buffers.size(); i++) {
                starts[i] = at;
                at += buffers.get(i).remaining();
            }
            this.length = at;
        }

        long length() {
            return length;
        }

        /** The bytes [from, from + n) as duplicates of the underlying buffers. */
        Bytes slice(long from, long n) {
            List<ByteBuffer> parts = new ArrayList<>();
            long to = from + n;
            for (int i = 0; i < buffers.size(); i++) {
                ByteBuffer b = buffers.get(i);
                long start = starts[i];
                long end = start + b.remaining();
                if (end <= from || start >= to) {
                    continue;
                }
                ByteBuffer part = b.duplicate();
                part.position(b.position() + (int) (Math.max(from, start) - start));
                part.limit(b.position() + (int) (Math.min(to, end) - start));
                parts.add(part);
            }
            return new Bytes(parts);
        }

        /**
         * Compares {@code actual} (position to limit) with these bytes from {@code at}, wrapping around
         * at the end (one block compared against every block).
         *
         * @return the first differing index into {@code actual}, or -1
         */
        int mismatch(long at, ByteBuffer actual) {
            int n = actual.remaining();
            int i = 0;
            while (i < n) {
                long p = (at + i) % length;
                int index = indexOf(p);
                ByteBuffer b = buffers.get(index);
                int inBuffer = (int) (p - starts[index]);
                int k = (int) Math.min(n - i, b.remaining() - inBuffer);
                ByteBuffer expected = b.duplicate();
                expected.position(b.position() + inBuffer).limit(b.position() + inBuffer + k);
                ByteBuffer got = actual.duplicate();
                got.position(actual.position() + i).limit(actual.position() + i + k);
                int m = expected.mismatch(got);
                if (m >= 0) {
                    return i + m;
                }
                i += k;
            }
            return -1;
        }

        /** this[at + j] |= source[j] for every byte of {@code source} (position to limit), a buffer run at a time. */
        void orFrom(long at, ByteBuffer source) {
            int n = source.remaining();
            int j = 0;
            while (j < n) {
                long p = at + j;
                int index = indexOf(p);
                ByteBuffer b = buffers.get(index);
                int from = b.position() + (int) (p - starts[index]);
                int k = Math.min(n - j, b.limit() - from);
                int s = source.position() + j;
                // Eight bytes at a time; both views in one byte order, so the OR is byte for byte.
                ByteBuffer dst = b.duplicate().order(ByteOrder.BIG_ENDIAN);
                ByteBuffer src = source.duplicate().order(ByteOrder.BIG_ENDIAN);
                int i = 0;
                for (; i + Long.BYTES <= k; i += Long.BYTES) {
                    dst.putLong(from + i, dst.getLong(from + i) | src.getLong(s + i));
                }
                for (; i < k; i++) {
                    dst.put(from + i, (byte) (dst.get(from + i) | src.get(s + i)));
                }
                j += k;
            }
        }

        private int indexOf(long p) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= p) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }
    }
}
