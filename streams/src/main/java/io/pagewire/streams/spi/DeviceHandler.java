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

    /** Bytes the default {@link #writeSame} and {@link #unmap} write per call. */
    int REPLICATION_BYTES = 64 * 1024;

    /** Block size and count; fixed for the lifetime of the handler. */
    Geometry geometry();

    /** Fills {@code dst} from its position to its limit with the bytes at {@code byteOffset}. */
    void read(long byteOffset, ByteBuffer dst) throws IOException;

    /**
     * Reads as {@link #read} does, but only if that needs no wait for the medium: the bytes are in
     * memory (a memory device, the page cache). Called on a thread that must not block (a session's
     * event loop), so an implementation answers false instead of waiting; the caller then reads
     * again with {@link #read} on an I/O thread, and whatever this call left in {@code dst} is
     * overwritten. The default never reads.
     *
     * @return true if every byte from the position to the limit was read
     */
    default boolean readIfCached(long byteOffset, ByteBuffer dst) throws IOException {
        return false;
    }

    /** Stores {@code src} from its position to its limit at {@code byteOffset}. */
    void write(long byteOffset, ByteBuffer src) throws IOException;

    /**
     * Makes every completed write durable (SYNCHRONIZE CACHE, FUA). Writes still in progress on
     * other threads when this is called need not be covered.
     */
    void flush() throws IOException;

    /**
     * Stores the one block in {@code block} (position to limit) {@code count} times, back to back from
     * {@code byteOffset} (WRITE SAME). The default writes it block by block in runs of up to 64 KiB.
     */
    default void writeSame(long byteOffset, ByteBuffer block, long count) throws IOException {
        int blockLength = block.remaining();
        int perRun = (int) Math.max(1, Math.min(count, REPLICATION_BYTES / Math.max(1, blockLength)));
        ByteBuffer run = ByteBuffer.allocate(perRun * blockLength);
        for (int i = 0; i < perRun; i++) {
            run.put(block.duplicate());
        }
        long offset = byteOffset;
        for (long left = count; left > 0; ) {
            int n = (int) Math.min(left, perRun);
            run.clear().limit(n * blockLength);
            write(offset, run);
            offset += (long) n * blockLength;
            left -= n;
        }
    }

    /**
     * Deallocates {@code length} bytes at {@code byteOffset} (UNMAP, WRITE SAME with UNMAP or NDOB):
     * afterwards they read as zeros. The default writes zeros; handlers that can give the space back
     * do so.
     */
    default void unmap(long byteOffset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, REPLICATION_BYTES));
        long offset = byteOffset;
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(left, zeros.capacity());
            zeros.clear().limit(n);
            write(offset, zeros);
            offset += n;
            left -= n;
        }
    }

    /**
     * The provisioning state at {@code byteOffset} and how far it reaches (GET LBA STATUS). The
     * default, for handlers that keep no map: everything is mapped.
     */
    default ProvisioningState provisioning(long byteOffset) throws IOException {
        if (byteOffset < 0 || byteOffset >= geometry().capacityBytes()) {
            throw new IOException("offset " + byteOffset + " is outside the device");
        }
        return new ProvisioningState(true, geometry().capacityBytes() - byteOffset);
    }

    /** Releases the storage; later calls fail with an {@link IOException}. Idempotent. */
    @Override
    void close() throws IOException;
}
