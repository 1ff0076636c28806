package io.pagewire.streams.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceHandlerTest extends DeviceHandlerContract {

    @TempDir
    Path dir;

    private int files;

    @Override
    DeviceHandler newHandler(long sizeBytes, int blockSize) throws IOException {
        return FileDeviceHandler.open(dir.resolve("lu" + files++ + ".img"), sizeBytes, blockSize);
    }

    @Test
    void createsMissingFileAndParentsAtTheConfiguredSize() throws IOException {
        Path file = dir.resolve("a/b/c/disk.img");
        try (FileDeviceHandler created = FileDeviceHandler.open(file, 8 * SIZE, BLOCK)) {
            assertTrue(Files.isRegularFile(file));
            assertEquals(8 * SIZE, Files.size(file));
            assertEquals(file.toAbsolutePath(), created.path());
            assertEquals(8 * SIZE / BLOCK, created.geometry().blockCount());
        }
    }

    @Test
    void newFileIsSparse() throws IOException {
        long size = 256L << 20;
        Path file = dir.resolve("sparse.img");
        FileDeviceHandler.open(file, size, BLOCK).close();
        assertEquals(size, Files.size(file));

        OptionalLong allocated = allocatedBytes(file);
        Assumptions.assumeTrue(allocated.isPresent(),
                "cannot read st_blocks here (no unix:blocks attribute and no stat(1)); sparseness not checked");
        assertTrue(allocated.getAsLong() < (1 << 20),
                "a new " + size + "-byte backing file should allocate (almost) nothing, has " + allocated.getAsLong());
    }

    @Test
    void keepsTheDataOfAnExistingFile() throws IOException {
        Path file = dir.resolve("keep.img");
        ByteBuffer written = pattern(ByteBuffer.allocateDirect(PAGE), 42);
        try (FileDeviceHandler first = FileDeviceHandler.open(file, SIZE, BLOCK)) {
            first.write(SIZE - PAGE, written);
            first.flush();
        }
        try (FileDeviceHandler again = FileDeviceHandler.open(file, SIZE, BLOCK)) {
            ByteBuffer read = ByteBuffer.allocateDirect(PAGE);
            again.read(SIZE - PAGE, read);
            assertArrayEquals(bytes(written.flip()), bytes(read.flip()));
        }
    }

    @Test
    void refusesAnExistingFileOfAnotherSizeNamingPathAndSizes() throws IOException {
        Path file = dir.resolve("small.img");
        Files.write(file, new byte[4096]);

        DeviceSizeMismatchException e = assertThrows(DeviceSizeMismatchException.class,
                () -> FileDeviceHandler.open(file, 8192, BLOCK));
        assertTrue(e instanceof IllegalStateException);
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        assertTrue(e.getMessage().contains("8192"), e.getMessage());
        assertEquals(4096, e.actualBytes());
        assertEquals(8192, e.configuredBytes());
        assertEquals(4096, Files.size(file), "the file is left alone");
        // and it was not left locked
        FileDeviceHandler.open(file, 4096, BLOCK).close();
    }

    @Test
    void refusesASizeThatIsNotAMultipleOfTheBlockSize() {
        Path file = dir.resolve("odd.img");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileDeviceHandler.open(file, SIZE + 100, BLOCK));
        assertTrue(e.getMessage().contains(String.valueOf(SIZE + 100)), e.getMessage());
        assertFalse(Files.exists(file), "nothing is created for a bad size");
        assertThrows(IllegalArgumentException.class, () -> FileDeviceHandler.open(file, 0, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> FileDeviceHandler.open(file, SIZE, 1000));
    }

    @Test
    void refusesASecondOpenOfTheSameFile() throws IOException {
        Path file = dir.resolve("once.img");
        try (FileDeviceHandler first = FileDeviceHandler.open(file, SIZE, BLOCK)) {
            assertEquals(file.toAbsolutePath(), first.path());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FileDeviceHandler.open(file, SIZE, BLOCK));
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        }
        FileDeviceHandler.open(file, SIZE, BLOCK).close(); // released by close
    }

    @Test
    void refusesADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("not-a-file"));
        IOException e = assertThrows(IOException.class, () -> FileDeviceHandler.open(sub, SIZE, BLOCK));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void readOfAFileTruncatedBehindOurBackIsAnError() throws IOException {
        Path file = dir.resolve("shrunk.img");
        try (FileDeviceHandler device = FileDeviceHandler.open(file, SIZE, BLOCK);
             FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            other.truncate(SIZE / 2);
            EOFException e = assertThrows(EOFException.class,
                    () -> device.read(SIZE - BLOCK, ByteBuffer.allocateDirect(BLOCK)));
            assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        }
    }

    /**
     * st_blocks * 512 of the file. The JDK's "unix" attribute view has no block count today, so
     * this falls back to stat(1) (GNU or BSD); empty if neither is available.
     */
    private static OptionalLong allocatedBytes(Path file) {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:*");
            if (unix.get("blocks") instanceof Number blocks) {
                return OptionalLong.of(blocks.longValue() * 512);
            }
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            // no unix view on this platform: try stat(1)
        }
        for (String[] command : new String[][] {{"stat", "-c", "%b %B"}, {"stat", "-f", "%b 512"}}) {
            try {
                Process stat = new ProcessBuilder(command[0], command[1], command[2], file.toString())
                        .redirectErrorStream(true).start();
                String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (stat.waitFor(10, TimeUnit.SECONDS) && stat.exitValue() == 0) {
                    String[] fields = out.split("\\s+");
                    return OptionalLong.of(Long.parseLong(fields[0]) * Long.parseLong(fields[1]));
                }
            } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // this stat flavour is not there or printed something else: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    @Test
    void unmapPunchesHolesThatGetLbaStatusSees(@TempDir Path dir) throws IOException {
        // 4 MiB so that whole file-system blocks are freed whatever their size
        long size = 4 << 20;
        try (FileDeviceHandler device = FileDeviceHandler.open(dir.resolve("thin.img"), size, BLOCK)) {
            assertEquals(new ProvisioningState(false, size), device.provisioning(0), "created sparse");
            ByteBuffer data = pattern(ByteBuffer.allocateDirect(1 << 20), 9);
            device.write(1 << 20, data);
            device.flush();
            assertEquals(new ProvisioningState(false, 1 << 20), device.provisioning(0));
            assertEquals(new ProvisioningState(true, 1 << 20), device.provisioning(1 << 20));
            assertEquals(new ProvisioningState(false, 2 << 20), device.provisioning(2 << 20));

            device.unmap(1 << 20, 512 << 10);
            assertEquals(new ProvisioningState(false, (1 << 20) + (512 << 10)), device.provisioning(0));
            assertEquals(new ProvisioningState(true, 512 << 10), device.provisioning((1 << 20) + (512 << 10)));
            ByteBuffer read = ByteBuffer.allocateDirect(1 << 20);
            device.read(1 << 20, read);
            byte[] got = bytes(read.flip());
            byte[] was = bytes(data.flip());
            assertArrayEquals(new byte[512 << 10], java.util.Arrays.copyOfRange(got, 0, 512 << 10));
            assertArrayEquals(java.util.Arrays.copyOfRange(was, 512 << 10, 1 << 20),
                    java.util.Arrays.copyOfRange(got, 512 << 10, 1 << 20));
            assertTrue(Files.size(dir.resolve("thin.img")) == size, "the size is kept");
        }
    }

    @Test
    void readOnlyOpenReadsAnExistingFileAndRefusesWrites(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ro.img");
        assertThrows(IOException.class, () -> FileDeviceHandler.openReadOnly(file, SIZE, BLOCK), "must exist");
        try (FileDeviceHandler writable = FileDeviceHandler.open(file, SIZE, BLOCK)) {
            writable.write(BLOCK, pattern(ByteBuffer.allocateDirect(BLOCK), 5));
            writable.flush();
        }
        try (FileDeviceHandler ro = FileDeviceHandler.openReadOnly(file, SIZE, BLOCK)) {
            ByteBuffer read = ByteBuffer.allocateDirect(BLOCK);
            ro.read(BLOCK, read);
            assertArrayEquals(bytes(pattern(ByteBuffer.allocateDirect(BLOCK), 5)), bytes(read.flip()));
            assertThrows(IOException.class, () -> ro.write(0, ByteBuffer.allocateDirect(BLOCK)));
            assertThrows(IOException.class, () -> ro.unmap(0, BLOCK));
            ro.flush(); // the pipeline flushes every device before closing it
            assertThrows(IllegalStateException.class, () -> FileDeviceHandler.open(file, SIZE, BLOCK),
                    "no writer while a read-only LUN has the file");
        }
        assertThrows(DeviceSizeMismatchException.class, () -> FileDeviceHandler.openReadOnly(file, 2 * SIZE, BLOCK));
    }
}
