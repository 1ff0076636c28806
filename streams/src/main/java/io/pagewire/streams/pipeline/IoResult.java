package io.pagewire.streams.pipeline;

import java.io.IOException;
import java.util.Objects;

/** How one {@link IoRequest} ended: handed to its completion callback, exactly once. */
public sealed interface IoResult permits IoResult.Success, IoResult.Failure, IoResult.Miscompare {

    IoRequest request();

    default boolean succeeded() {
        return this instanceof Success;
    }

    /** All bytes moved (and, for FUA or FLUSH, made durable). */
    record Success(IoRequest request) implements IoResult {
        public Success {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * The device work failed; how much of the range was read or written is unknown. The cause is
     * the handler's {@link IOException}, or one wrapping whatever else it threw, or one saying the
     * range was outside the device or the I/O executor refused the work.
     */
    record Failure(IoRequest request, IOException cause) implements IoResult {
        public Failure {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * A compare found a difference: nothing was written (COMPARE_AND_WRITE), or the verify failed.
     * The device worked; this is the command's outcome, not a device failure.
     *
     * @param offset the first differing byte, counted from the start of the compared data (SBC-3
     *               §5.2, §5.33: the INFORMATION field of the MISCOMPARE sense)
     */
    record Miscompare(IoRequest request, long offset) implements IoResult {
        public Miscompare {
            Objects.requireNonNull(request, "request");
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative, got " + offset);
            }
        }
    }
}
