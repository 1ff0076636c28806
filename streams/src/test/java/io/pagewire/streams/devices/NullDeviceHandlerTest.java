package io.pagewire.streams.devices;

import static io.pagewire.streams.devices.DeviceHandlerContract.bytes;
import static io.pagewire.streams.devices.DeviceHandlerContract.dirty;
import static io.pagewire.streams.devices.DeviceHandlerContract.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NullDeviceHandlerTest {

    private static final long SIZE = 1L << 40; // costs nothing
    private static final int BLOCK = 4096;

    private final NullDeviceHandler device = NullDeviceHandler.create(SIZE, BLOCK);

    @Test
    void reportsGeometry() {
        assertEquals(new Geometry(BLOCK, SIZE / BLOCK), device.geometry());
    }

    @Test
    void readsFillTheWholeRangeWithZeros() throws IOException {
        // Larger than the handler's zero source, and not a multiple of it.
        for (ByteBuffer page : new ByteBuffer[] {ByteBuffer.allocateDirect(200_000), ByteBuffer.allocate(200_000)}) {
            dirty(page).position(3).limit(199_999);
            device.read(SIZE - 204_800, page);
            assertEquals(199_999, page.position());
            byte[] all = bytes(page.clear());
            assertEquals((byte) 0x5a, all[2]);
            assertEquals((byte) 0x5a, all[199_999]);
            assertArrayEquals(new byte[199_996], java.util.Arrays.copyOfRange(all, 3, 199_999));
        }
    }

    @Test
    void writesAreDiscarded() throws IOException {
        ByteBuffer written = pattern(ByteBuffer.allocateDirect(BLOCK), 5);
        device.write(0, written);
        assertEquals(BLOCK, written.position());
        device.flush();
        ByteBuffer read = dirty(ByteBuffer.allocateDirect(BLOCK));
        device.read(0, read);
        assertArrayEquals(new byte[BLOCK], bytes(read.flip()));
    }

    @Test
    void stillChecksRanges() {
        assertThrows(IOException.class, () -> device.read(SIZE, ByteBuffer.allocate(BLOCK)));
        assertThrows(IOException.class, () -> device.write(SIZE - 1, ByteBuffer.allocate(2)));
        device.close();
        assertThrows(IOException.class, () -> device.read(0, ByteBuffer.allocate(BLOCK)));
    }
}
