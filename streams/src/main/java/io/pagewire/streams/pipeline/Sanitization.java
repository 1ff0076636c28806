package io.pagewire.streams.pipeline;

import io.pagewire.streams.commands.SanitizeParameters;
import io.pagewire.streams.spi.Geometry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The device work of one sanitize (SBC-3 §4.11) as a sequence of ordinary {@link IoRequest}s for the
 * logical unit's {@link IoPipeline}, to be submitted one after the other (each after the previous one
 * completed): the sanitize runs on the same I/O path, range lock and I/O threads as every other
 * command, one bounded request at a time, so it can be paced and its progress reported.
 *
 * <ul>
 *   <li>OVERWRITE: for each pass, WRITE_SAME of one pattern-filled block over the whole medium in
 *       {@value #OVERWRITE_CHUNK_BYTES}-byte ranges; the block is a heap copy of the parameter data,
 *       made once per pass and only read by the device.</li>
 *   <li>BLOCK ERASE and CRYPTOGRAPHIC ERASE: UNMAP of the whole medium in
 *       {@value #ERASE_CHUNK_BYTES}-byte ranges (a file punches holes, memory drops its chunks, other
 *       devices write zeros): every block reads as zeros afterwards. A file or memory device has no
 *       media encryption key, so a cryptographic erase is this same full erase.</li>
 *   <li>Last, a FLUSH: the sanitize is durable before it is reported done.</li>
 * </ul>
 *
 * Not thread-safe: one owner (the source stage of the stream running the sanitize) calls {@link #next}
 * and {@link #finished}.
 */
public final class Sanitization {

    /** Bytes per OVERWRITE request: small enough to pace finely and to leave the I/O threads to others. */
    public static final long OVERWRITE_CHUNK_BYTES = 1L << 20;
    /** Bytes per erase request: deallocation is cheap, fewer requests are better. */
    public static final long ERASE_CHUNK_BYTES = 64L << 20;

    /** One request to submit and how many medium bytes (of {@link #totalBytes()}) it covers. */
    public record Step(IoRequest request, long bytes) {
    }

    private final Geometry geometry;
    private final SanitizeParameters.Overwrite overwrite;
    private final int passes;
    private final long chunk;
    private int pass;
    private long offset;
    private ByteBuffer block;
    private boolean flushed;

    private Sanitization(Geometry geometry, SanitizeParameters.Overwrite overwrite) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.overwrite = overwrite;
        this.passes = overwrite == null ? 1 : overwrite.count();
        this.chunk = overwrite == null ? ERASE_CHUNK_BYTES
                : Math.max(geometry.blockSize(), OVERWRITE_CHUNK_BYTES / geometry.blockSize() * geometry.blockSize());
    }

    /** OVERWRITE with these parameters. */
    public static Sanitization overwrite(Geometry geometry, SanitizeParameters.Overwrite parameters) {
        return new Sanitization(geometry, Objects.requireNonNull(parameters, "parameters"));
    }

    /** BLOCK ERASE or CRYPTOGRAPHIC ERASE. */
    public static Sanitization erase(Geometry geometry) {
        return new Sanitization(geometry, null);
    }

    /** Whether this sanitize writes the medium (OVERWRITE) and so is paced by the sanitize rate. */
    public boolean writes() {
        return overwrite != null;
    }

    /** Medium bytes all steps cover: the capacity once per pass. */
    public long totalBytes() {
        return geometry.capacityBytes() * passes;
    }

    /** Whether every step, the final FLUSH included, has been handed out. */
    public boolean finished() {
        return flushed;
    }

    /**
     * The next step; {@code onComplete} is the request's completion callback (run on an I/O thread).
     *
     * @throws IllegalStateException when {@link #finished()}
     */
    public Step next(Consumer<IoResult> onComplete) {
        if (flushed) {
            throw new IllegalStateException("the sanitize has no more steps");
        }
        if (pass == passes) {
            flushed = true;
            return new Step(IoRequest.flush(onComplete), 0);
        }
        long length = Math.min(chunk, geometry.capacityBytes() - offset);
        IoRequest.Range range = new IoRequest.Range(offset, length);
        IoRequest request;
        if (overwrite == null) {
            request = new IoRequest(IoRequest.Operation.UNMAP, 0, List.of(), false, List.of(range), onComplete);
        } else {
            if (offset == 0) {
                block = ByteBuffer.wrap(overwrite.block(geometry.blockSize(), pass)).asReadOnlyBuffer();
            }
            request = new IoRequest(IoRequest.Operation.WRITE_SAME, 0, List.of(block), false, List.of(range),
                    onComplete);
        }
        offset += length;
        if (offset == geometry.capacityBytes()) {
            offset = 0;
            pass++;
        }
        return new Step(request, length);
    }
}
