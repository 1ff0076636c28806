package io.pagewire.streams.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The storage behind one logical unit. A handler never allocates payload memory: it reads into and
 * writes from the page buffers it is given, which belong to the PagePool and are only lent for the
 * duration of the call. Calls block and are made from the LU's I/O pipeline, several at once
 * (bounded by the pipeline's parallelism); implementations must be safe for concurrent calls on
 * disjoint or overlapping ranges. Overlapping concurrent writes may interleave (SCSI gives no
 * atomicity across concurrent commands), but must never corrupt anything outside the
 * ranges written.
 *
 * <p>Buffer contract: a call either moves every byte between the buffer's position and its limit,
 * or throws. On return the position is unspecified (the built-in handlers leave it at the limit);
 * callers that need the buffer's bounds afterwards pass a {@link ByteBuffer#duplicate() duplicate},
 * as the I/O pipeline does. A range that does not lie inside {@link #geometry()} fails with an
 * {@link IOException} before anything is read or written.
 */
public interface DeviceHandler extends AutoCloseable {

    /** Block size and count; fixed for the lifetime of the handler. */
    Geometry geometry();

    /** Fills {@code dst} from its position to its limit with the bytes at {@code byteOffset}. */
    void read(long byteOffset, ByteBuffer dst) throws IOException;

    /** Stores {@code src} from its position to its limit at {@code byteOffset}. */
    void write(long byteOffset, ByteBuffer src) throws IOException;

    /**
     * Makes every completed write durable (SYNCHRONIZE CACHE, FUA). Writes still in progress on
     * other threads when this is called need not be covered.
     */
    void flush() throws IOException;

    /** Releases the storage; later calls fail with an {@link IOException}. Idempotent. */
    @Override
    void close() throws IOException;
}
