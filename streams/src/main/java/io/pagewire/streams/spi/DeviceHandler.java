package io.pagewire.streams.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The storage behind one logical unit. A handler never allocates payload memory: it reads into and
 * writes from the page buffers it is given, which belong to the PagePool and are only lent for the
 * duration of the call. Calls block and are made from the LU's I/O pipeline, several at once
 * (bounded by the pipeline's parallelism); implementations must be safe for concurrent calls on
 * disjoint or overlapping ranges.
 */
public interface DeviceHandler extends AutoCloseable {

    Geometry geometry();

    /** Fills {@code dst} from its position to its limit with the bytes at {@code byteOffset}. */
    void read(long byteOffset, ByteBuffer dst) throws IOException;

    /** Stores {@code src} from its position to its limit at {@code byteOffset}. */
    void write(long byteOffset, ByteBuffer src) throws IOException;

    /** Makes every completed write durable (SYNCHRONIZE CACHE, FUA). */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
