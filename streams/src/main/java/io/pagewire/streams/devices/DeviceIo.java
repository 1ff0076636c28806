package io.pagewire.streams.devices;

import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Checks and helpers shared by the built-in handlers. */
final class DeviceIo {

    /** Read-only and never repositioned (only absolute bulk gets), so safe to share between threads. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private DeviceIo() {
    }

    /** Fails with an {@link IOException} naming the device if the range is not inside its geometry. */
    static void checkRange(String device, Geometry geometry, long byteOffset, int length) throws IOException {
        if (!geometry.containsRange(byteOffset, length)) {
            throw new IOException(device + ": range of " + length + " bytes at offset " + byteOffset
                    + " is outside the capacity of " + geometry.capacityBytes() + " bytes");
        }
    }

    static IOException closed(String device) {
        return new IOException(device + ": device handler is closed");
    }

    /** Writes {@code length} zero bytes into {@code dst} at the absolute {@code index}; position untouched. */
    static void fillZeros(ByteBuffer dst, int index, int length) {
        while (length > 0) {
            int n = Math.min(length, ZEROS.capacity());
            dst.put(index, ZEROS, 0, n);
            index += n;
            length -= n;
        }
    }
}
