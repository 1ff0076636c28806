package io.pagewire.streams.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MemoryDeviceHandlerTest extends DeviceHandlerContract {

    /** Small chunks, so the contract's page-sized I/O crosses chunk boundaries. */
    private static final int CHUNK = 3 * BLOCK;

    @Override
    DeviceHandler newHandler(long sizeBytes, int blockSize) {
        return MemoryDeviceHandler.create(sizeBytes, blockSize, CHUNK);
    }

    @Test
    void aLargeDeviceCostsNothingUntilWritten() throws IOException {
        long gib = 1L << 30;
        try (MemoryDeviceHandler big = MemoryDeviceHandler.create(gib, BLOCK)) {
            assertEquals(0, big.allocatedBytes());

            ByteBuffer read = dirty(ByteBuffer.allocateDirect(PAGE));
            big.read(gib - PAGE, read);
            assertArrayEquals(new byte[PAGE], bytes(read.flip()));
            assertEquals(0, big.allocatedBytes(), "reading allocates nothing");

            big.write(gib / 2 + BLOCK, pattern(ByteBuffer.allocateDirect(BLOCK), 1));
            assertEquals(MemoryDeviceHandler.DEFAULT_CHUNK_SIZE, big.allocatedBytes(), "one chunk");

            // A page straddling the next chunk boundary allocates exactly the two chunks it touches.
            long boundary = 3L * MemoryDeviceHandler.DEFAULT_CHUNK_SIZE;
            big.write(boundary - BLOCK, pattern(ByteBuffer.allocateDirect(PAGE), 2));
            assertEquals(3L * MemoryDeviceHandler.DEFAULT_CHUNK_SIZE, big.allocatedBytes());
        }
    }

    @Test
    void ioSpanningManyChunksRoundTrips() throws IOException {
        try (MemoryDeviceHandler device = MemoryDeviceHandler.create(64 * PAGE, BLOCK, PAGE)) {
            // 10 000 bytes from offset 3000: touches chunks 0..3, starting and ending mid-chunk.
            ByteBuffer written = pattern(ByteBuffer.allocateDirect(10_000), 7);
            device.write(3000, written);
            assertEquals(4L * PAGE, device.allocatedBytes());

            ByteBuffer read = ByteBuffer.allocateDirect(10_000);
            device.read(3000, read);
            assertArrayEquals(bytes(written.flip()), bytes(read.flip()));

            ByteBuffer around = dirty(ByteBuffer.allocateDirect(PAGE));
            device.read(0, around);
            byte[] head = bytes(around.flip());
            for (int i = 0; i < 3000; i++) {
                assertEquals(0, head[i], "byte " + i + " before the written range stays zero");
            }
        }
    }

    @Test
    void aShortLastChunkIsHandled() throws IOException {
        long size = 3L * PAGE + BLOCK; // the last chunk is one block long
        try (MemoryDeviceHandler device = MemoryDeviceHandler.create(size, BLOCK, PAGE)) {
            ByteBuffer written = pattern(ByteBuffer.allocateDirect(2 * BLOCK), 9);
            device.write(size - 2 * BLOCK, written);
            assertEquals(PAGE + BLOCK, device.allocatedBytes());
            ByteBuffer read = ByteBuffer.allocateDirect(2 * BLOCK);
            device.read(size - 2 * BLOCK, read);
            assertArrayEquals(bytes(written.flip()), bytes(read.flip()));
        }
    }

    @Test
    void closeDropsTheMemory() throws IOException {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK, PAGE);
        device.write(0, pattern(ByteBuffer.allocateDirect(PAGE), 1));
        assertEquals(PAGE, device.allocatedBytes());
        device.close();
        assertEquals(0, device.allocatedBytes());
        assertThrows(IOException.class, device::flush);
    }

    @Test
    void refusesBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> MemoryDeviceHandler.create(SIZE + 1, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> MemoryDeviceHandler.create(0, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> MemoryDeviceHandler.create(SIZE, 768));
        assertThrows(IllegalArgumentException.class, () -> MemoryDeviceHandler.create(SIZE, BLOCK, 0));
    }

    @Test
    void unmapGivesWholeChunksBackAndReportsThemDeallocated() throws IOException {
        try (MemoryDeviceHandler device = MemoryDeviceHandler.create(8 * PAGE, BLOCK, PAGE)) {
            for (int chunk = 0; chunk < 8; chunk++) {
                device.write((long) chunk * PAGE, pattern(ByteBuffer.allocateDirect(PAGE), chunk));
            }
            assertEquals(8L * PAGE, device.allocatedBytes());
            // chunks 2..4 whole, a block of chunk 1 and of chunk 5
            device.unmap(2L * PAGE - BLOCK, 3L * PAGE + 2 * BLOCK);
            assertEquals(5L * PAGE, device.allocatedBytes(), "three chunks given back");
            assertEquals(new ProvisioningState(true, 2L * PAGE), device.provisioning(0));
            assertEquals(new ProvisioningState(false, 3L * PAGE), device.provisioning(2L * PAGE));
            assertEquals(new ProvisioningState(false, 2L * PAGE + BLOCK), device.provisioning(3L * PAGE - BLOCK));
            assertEquals(new ProvisioningState(true, 3L * PAGE), device.provisioning(5L * PAGE));
            ByteBuffer read = ByteBuffer.allocateDirect(BLOCK);
            device.read(2L * PAGE - BLOCK, read);
            assertArrayEquals(new byte[BLOCK], bytes(read.flip()), "the partial chunk was zeroed");
        }
    }
}
