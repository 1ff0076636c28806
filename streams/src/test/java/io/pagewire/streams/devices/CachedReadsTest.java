package io.pagewire.streams.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preadv2(RWF_NOWAIT) on Linux: what was just written is in the page cache and reads without waiting. */
class CachedReadsTest {

    @TempDir
    Path dir;

    @Test
    void aJustWrittenRangeReadsFromThePageCache() throws Exception {
        try (FileDeviceHandler device = FileDeviceHandler.open(dir.resolve("lun.img"), 1 << 20, 512)) {
            ByteBuffer data = ByteBuffer.allocateDirect(8192);
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, (byte) (i * 7 + 3));
            }
            device.write(4096, data.duplicate());

            ByteBuffer read = ByteBuffer.allocateDirect(8192);
            assertTrue(device.readIfCached(4096, read.duplicate()), "Linux 4.14+ with JNA: the bytes are cached");
            assertEquals(data, read, "the same bytes as a plain read would give");
        }
    }

    /** tmpfs refuses RWF_NOWAIT, but a file there is memory: it reads inline all the same. */
    @Test
    void aFileInSharedMemoryReadsWithoutWaiting() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()));
        Path file = shm.resolve("pagewire-cached-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".img");
        try (FileDeviceHandler device = FileDeviceHandler.open(file, 1 << 20, 512)) {
            ByteBuffer data = ByteBuffer.allocateDirect(4096);
            for (int i = 0; i < data.capacity(); i++) {
                data.put(i, (byte) (i ^ 0x5A));
            }
            device.write(8192, data.duplicate());
            ByteBuffer read = ByteBuffer.allocateDirect(4096);
            assertTrue(device.readIfCached(8192, read.duplicate()));
            assertEquals(data, read);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aRangeOutsideTheDeviceIsRefusedAsByRead() throws Exception {
        try (FileDeviceHandler device = FileDeviceHandler.open(dir.resolve("lun.img"), 1 << 20, 512)) {
            assertThrows(IOException.class, () -> device.readIfCached((1 << 20) - 512, ByteBuffer.allocateDirect(1024)));
        }
    }
}
