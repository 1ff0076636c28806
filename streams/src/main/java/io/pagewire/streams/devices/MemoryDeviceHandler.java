package io.pagewire.streams.devices;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Backend {@value #BACKEND}: a volatile device in off-heap memory. The capacity is cut into chunks
 * ({@value #DEFAULT_CHUNK_SIZE} bytes unless told otherwise) that are allocated on their first
 * write, so a large memory LU costs nothing until written; a chunk never written reads as zeros.
 * Contents are lost on {@link #close()}. Flush has nothing to do.
 *
 * <p>Concurrency: chunks are published through an {@link AtomicReferenceArray} (allocated once,
 * by compare-and-set) and each chunk's bytes are guarded by one of {@value #LOCK_STRIPES} striped
 * read-write locks, so commands on different chunks never contend and there is no global lock. A
 * read of a chunk that is not allocated yet takes no lock and returns zeros; that is the outcome
 * of the read being ordered before the concurrent first write.
 */
public final class MemoryDeviceHandler implements DeviceHandler {

    public static final String BACKEND = "memory";
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    private static final int LOCK_STRIPES = 64;

    private final Geometry geometry;
    private final long capacity;
    private final int chunkSize;
    private final AtomicReferenceArray<ByteBuffer> chunks;
    private final ReadWriteLock[] stripes = new ReadWriteLock[LOCK_STRIPES];
    private final AtomicLong allocatedBytes = new AtomicLong();
    private volatile boolean closed;

    private MemoryDeviceHandler(Geometry geometry, int chunkSize) {
        this.geometry = geometry;
        this.capacity = geometry.capacityBytes();
        this.chunkSize = chunkSize;
        long chunkCount = (capacity + chunkSize - 1) / chunkSize;
        if (chunkCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity " + capacity + " needs too many chunks of " + chunkSize);
        }
        this.chunks = new AtomicReferenceArray<>((int) chunkCount);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** A memory device of {@code sizeBytes} with {@value #DEFAULT_CHUNK_SIZE}-byte chunks. */
    public static MemoryDeviceHandler create(long sizeBytes, int blockSize) {
        return create(sizeBytes, blockSize, DEFAULT_CHUNK_SIZE);
    }

    /**
     * A memory device of {@code sizeBytes} whose storage is allocated {@code chunkSize} bytes at a time.
     *
     * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of {@code blockSize},
     *                                  the block size is not a power of two of at least 512, or
     *                                  {@code chunkSize} is not positive
     */
    public static MemoryDeviceHandler create(long sizeBytes, int blockSize, int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkSize);
        }
        return new MemoryDeviceHandler(Geometry.ofBytes(sizeBytes, blockSize), chunkSize);
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    /** Bytes of off-heap memory allocated so far (whole chunks); 0 until the first write and after close. */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Memory is always at hand: the read is a copy and never waits. */
    @Override
    public boolean readIfCached(long byteOffset, ByteBuffer dst) throws IOException {
        read(byteOffset, dst);
        return true;
    }

    @Override
    public void read(long byteOffset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        check(byteOffset, length);
        int index = dst.position();
        long offset = byteOffset;
        while (length > 0) {
            int chunkIndex = (int) (offset / chunkSize);
            int inChunk = (int) (offset % chunkSize);
            int n = Math.min(length, chunkLength(chunkIndex) - inChunk);
            ByteBuffer chunk = chunks.get(chunkIndex);
            if (chunk == null) {
                DeviceIo.fillZeros(dst, index, n);
            } else {
                ReadWriteLock lock = stripe(chunkIndex);
                lock.readLock().lock();
                try {
                    dst.put(index, chunk, inChunk, n);
                } finally {
                    lock.readLock().unlock();
                }
            }
            index += n;
            offset += n;
            length -= n;
        }
        dst.position(dst.limit());
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        check(byteOffset, length);
        int index = src.position();
        long offset = byteOffset;
        while (length > 0) {
            int chunkIndex = (int) (offset / chunkSize);
            int inChunk = (int) (offset % chunkSize);
            int n = Math.min(length, chunkLength(chunkIndex) - inChunk);
            ByteBuffer chunk = chunkForWrite(chunkIndex);
            ReadWriteLock lock = stripe(chunkIndex);
            lock.writeLock().lock();
            try {
                chunk.put(inChunk, src, index, n);
            } finally {
                lock.writeLock().unlock();
            }
            index += n;
            offset += n;
            length -= n;
        }
        src.position(src.limit());
    }

    /**
     * Chunks the range covers whole are dropped (their memory is given back, reads return zeros);
     * the partial chunks at its ends are zeroed in place.
     */
    @Override
    public void unmap(long byteOffset, long length) throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
        if (!geometry.containsRange(byteOffset, length)) {
            throw new IOException(BACKEND + ": unmap of " + length + " bytes at " + byteOffset + " is outside the device");
        }
        long offset = byteOffset;
        long end = byteOffset + length;
        while (offset < end) {
            int chunkIndex = (int) (offset / chunkSize);
            int inChunk = (int) (offset % chunkSize);
            int n = (int) Math.min(end - offset, chunkLength(chunkIndex) - inChunk);
            ReadWriteLock lock = stripe(chunkIndex);
            lock.writeLock().lock();
            try {
                ByteBuffer chunk = chunks.get(chunkIndex);
                if (chunk != null) {
                    if (n == chunkLength(chunkIndex)) {
                        if (chunks.compareAndSet(chunkIndex, chunk, null)) {
                            allocatedBytes.addAndGet(-n);
                        }
                    } else {
                        DeviceIo.fillZeros(chunk, inChunk, n);
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
            offset += n;
        }
    }

    /** Allocated chunks are mapped, the others deallocated; runs of chunks in one state are one answer. */
    @Override
    public ProvisioningState provisioning(long byteOffset) throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
        if (byteOffset < 0 || byteOffset >= capacity) {
            throw new IOException(BACKEND + ": offset " + byteOffset + " is outside the device");
        }
        int first = (int) (byteOffset / chunkSize);
        boolean mapped = chunks.get(first) != null;
        int next = first + 1;
        while (next < chunks.length() && (chunks.get(next) != null) == mapped) {
            next++;
        }
        long end = Math.min(capacity, (long) next * chunkSize);
        return new ProvisioningState(mapped, end - byteOffset);
    }

    @Override
    public void flush() throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
    }

    /** Drops every chunk; the memory is returned when the buffers are collected. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < chunks.length(); i++) {
            chunks.set(i, null);
        }
        allocatedBytes.set(0);
    }

    private ByteBuffer chunkForWrite(int chunkIndex) throws IOException {
        ByteBuffer chunk = chunks.get(chunkIndex);
        if (chunk != null) {
            return chunk;
        }
        int size = chunkLength(chunkIndex);
        ByteBuffer fresh;
        try {
            fresh = ByteBuffer.allocateDirect(size);
        } catch (OutOfMemoryError e) {
            // Direct memory exhausted (-XX:MaxDirectMemorySize): fail this command, not the JVM.
            throw new IOException(BACKEND + ": cannot allocate a chunk of " + size + " bytes", e);
        }
        if (chunks.compareAndSet(chunkIndex, null, fresh)) {
            allocatedBytes.addAndGet(size);
            return fresh;
        }
        ByteBuffer winner = chunks.get(chunkIndex);
        if (winner == null) {
            throw DeviceIo.closed(BACKEND);
        }
        return winner;
    }

    private int chunkLength(int chunkIndex) {
        return (int) Math.min(chunkSize, capacity - (long) chunkIndex * chunkSize);
    }

    private ReadWriteLock stripe(int chunkIndex) {
        return stripes[chunkIndex & (LOCK_STRIPES - 1)];
    }

    private void check(long byteOffset, int length) throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
        DeviceIo.checkRange(BACKEND, geometry, byteOffset, length);
    }

    @Override
    public String toString() {
        return "MemoryDeviceHandler[" + geometry + ", chunk " + chunkSize + "]";
    }
}
