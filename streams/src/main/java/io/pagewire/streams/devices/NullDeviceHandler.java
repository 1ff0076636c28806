package io.pagewire.streams.devices;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Backend {@value #BACKEND}: a device with no storage. Reads return zeros, writes are accepted and
 * discarded, flush does nothing. Useful to measure the target without a disk in the way. Ranges
 * are still checked against the geometry, so it behaves like a real LU of that size.
 */
public final class NullDeviceHandler implements DeviceHandler {

    public static final String BACKEND = "null";

    private final Geometry geometry;
    private volatile boolean closed;

    private NullDeviceHandler(Geometry geometry) {
        this.geometry = geometry;
    }

    /**
     * @throws IllegalArgumentException if {@code sizeBytes} is not a positive multiple of {@code blockSize}
     *                                  or the block size is not a power of two of at least 512
     */
    public static NullDeviceHandler create(long sizeBytes, int blockSize) {
        return new NullDeviceHandler(Geometry.ofBytes(sizeBytes, blockSize));
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    /** Zeros never wait. */
    @Override
    public boolean readIfCached(long byteOffset, ByteBuffer dst) throws IOException {
        read(byteOffset, dst);
        return true;
    }

    @Override
    public void read(long byteOffset, ByteBuffer dst) throws IOException {
        check(byteOffset, dst.remaining());
        DeviceIo.fillZeros(dst, dst.position(), dst.remaining());
        dst.position(dst.limit());
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) throws IOException {
        check(byteOffset, src.remaining());
        src.position(src.limit());
    }

    @Override
    public void flush() throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void check(long byteOffset, int length) throws IOException {
        if (closed) {
            throw DeviceIo.closed(BACKEND);
        }
        DeviceIo.checkRange(BACKEND, geometry, byteOffset, length);
    }

    @Override
    public String toString() {
        return "NullDeviceHandler[" + geometry + "]";
    }
}
