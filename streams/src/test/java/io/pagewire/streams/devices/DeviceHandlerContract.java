package io.pagewire.streams.devices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storing handler must do; one subclass per backend. The device is {@link #SIZE} bytes
 * of {@link #BLOCK}-byte blocks, and I/O is done in {@link #PAGE}-byte pages, as the pipeline does.
 */
abstract class DeviceHandlerContract {

    static final int BLOCK = 512;
    static final int PAGE = 4096;
    static final long SIZE = 1 << 20;

    DeviceHandler handler;

    /** A fresh, never written device of {@code sizeBytes}. */
    abstract DeviceHandler newHandler(long sizeBytes, int blockSize) throws IOException;

    @BeforeEach
    void open() throws IOException {
        handler = newHandler(SIZE, BLOCK);
    }

    @AfterEach
    void close() throws IOException {
        handler.close();
    }

    @Test
    void reportsGeometry() {
        assertEquals(new Geometry(BLOCK, SIZE / BLOCK), handler.geometry());
    }

    @Test
    void neverWrittenReadsAsZeros() throws IOException {
        ByteBuffer page = dirty(ByteBuffer.allocateDirect(PAGE));
        handler.read(SIZE / 2, page);
        assertEquals(PAGE, page.position(), "read fills the buffer to its limit");
        assertArrayEquals(new byte[PAGE], bytes(page.flip()));
    }

    @Test
    void roundTripAtOffsetZero() throws IOException {
        ByteBuffer written = pattern(ByteBuffer.allocateDirect(PAGE), 1);
        handler.write(0, written);
        assertEquals(written.limit(), written.position(), "write consumes the buffer to its limit");
        handler.flush();

        ByteBuffer read = ByteBuffer.allocateDirect(PAGE);
        handler.read(0, read);
        assertArrayEquals(bytes(written.flip()), bytes(read.flip()));
    }

    @Test
    void roundTripAtLastBlock() throws IOException {
        long lastBlock = SIZE - BLOCK;
        ByteBuffer written = pattern(ByteBuffer.allocateDirect(BLOCK), 2);
        handler.write(lastBlock, written);

        ByteBuffer read = ByteBuffer.allocateDirect(BLOCK);
        handler.read(lastBlock, read);
        assertArrayEquals(bytes(written.flip()), bytes(read.flip()));
    }

    @Test
    void roundTripAcrossPageBoundariesWithDifferentSplits() throws IOException {
        // Three pages written back to back from an offset that is block- but not page-aligned,
        // read back as one buffer and as 1.5-KiB pieces: the bytes must line up either way.
        long start = 3 * PAGE - 3 * BLOCK;
        byte[] expected = new byte[3 * PAGE];
        for (int i = 0; i < 3; i++) {
            ByteBuffer page = pattern(ByteBuffer.allocateDirect(PAGE), 10 + i);
            page.get(0, expected, i * PAGE, PAGE);
            handler.write(start + (long) i * PAGE, page);
        }

        ByteBuffer whole = ByteBuffer.allocateDirect(3 * PAGE);
        handler.read(start, whole);
        assertArrayEquals(expected, bytes(whole.flip()));

        byte[] pieces = new byte[3 * PAGE];
        int piece = 3 * BLOCK;
        for (int at = 0; at < pieces.length; at += piece) {
            ByteBuffer part = ByteBuffer.allocate(piece); // heap buffers work too
            handler.read(start + at, part);
            part.flip().get(pieces, at, piece);
        }
        assertArrayEquals(expected, pieces);
    }

    @Test
    void usesOnlyPositionToLimit() throws IOException {
        ByteBuffer page = pattern(ByteBuffer.allocateDirect(PAGE), 3);
        page.position(BLOCK).limit(3 * BLOCK);
        handler.write(0, page);

        ByteBuffer read = dirty(ByteBuffer.allocateDirect(PAGE));
        read.position(BLOCK).limit(4 * BLOCK);
        handler.read(0, read);

        byte[] all = bytes(read.clear());
        byte[] expectedPattern = bytes(pattern(ByteBuffer.allocate(PAGE), 3));
        for (int i = 0; i < BLOCK; i++) {
            assertEquals((byte) 0x5a, all[i], "bytes before the position are untouched");
        }
        for (int i = 0; i < 2 * BLOCK; i++) {
            assertEquals(expectedPattern[BLOCK + i], all[BLOCK + i], "byte " + i + " of the written range");
        }
        for (int i = 3 * BLOCK; i < 4 * BLOCK; i++) {
            assertEquals(0, all[i], "the block after the written range is still zero");
        }
        for (int i = 4 * BLOCK; i < PAGE; i++) {
            assertEquals((byte) 0x5a, all[i], "bytes past the limit are untouched");
        }
    }

    @Test
    void rejectsRangesOutsideTheDevice() throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        assertThrows(IOException.class, () -> handler.read(SIZE, block.clear()), "first byte past the end");
        assertThrows(IOException.class, () -> handler.read(SIZE - BLOCK + 1, block.clear()), "straddles the end");
        assertThrows(IOException.class, () -> handler.write(SIZE, block.clear()), "write past the end");
        assertThrows(IOException.class, () -> handler.write(-BLOCK, block.clear()), "negative offset");
        assertThrows(IOException.class, () -> handler.read(Long.MAX_VALUE - 10, block.clear()), "offset + length overflows");
        assertThrows(IOException.class, () -> handler.read(1L << 31, block.clear()), "2^31");

        handler.read(SIZE, block.clear().limit(0)); // an empty range at the end is inside
    }

    @Test
    void concurrentWritersOnDisjointRangesAllLand() throws Exception {
        int writers = 8;
        int pagesPerWriter = (int) (SIZE / PAGE / writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(CompletableFuture.runAsync(() -> {
                    ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
                    for (int p = 0; p < pagesPerWriter; p++) {
                        // Interleave the writers' pages so neighbouring pages belong to different threads.
                        long index = (long) p * writers + writer;
                        pattern(page.clear(), (int) index);
                        try {
                            handler.write(index * PAGE, page);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }

        ByteBuffer read = ByteBuffer.allocateDirect(PAGE);
        for (long index = 0; index < SIZE / PAGE; index++) {
            handler.read(index * PAGE, read.clear());
            assertArrayEquals(bytes(pattern(ByteBuffer.allocate(PAGE), (int) index)), bytes(read.flip()),
                    "page " + index);
        }
    }

    @Test
    void failsAfterClose() throws IOException {
        handler.close();
        assertThrows(IOException.class, () -> handler.read(0, ByteBuffer.allocateDirect(BLOCK)));
        assertThrows(IOException.class, () -> handler.write(0, ByteBuffer.allocateDirect(BLOCK)));
        handler.close(); // idempotent
    }

    /** Fills position..limit with bytes that depend on {@code seed} and on the index; position unmoved. */
    @Test
    void writeSameReplicatesOneBlockOverTheRange() throws IOException {
        // 300 blocks: more than one 64 KiB run of the default implementation
        ByteBuffer block = pattern(ByteBuffer.allocateDirect(BLOCK), 3);
        handler.writeSame(BLOCK, block, 300);
        ByteBuffer read = ByteBuffer.allocateDirect(302 * BLOCK);
        handler.read(0, read);
        byte[] all = bytes(read.flip());
        byte[] expected = bytes(block.duplicate().clear());
        assertArrayEquals(new byte[BLOCK], java.util.Arrays.copyOfRange(all, 0, BLOCK), "before the range");
        for (int b = 1; b <= 300; b++) {
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(all, b * BLOCK, (b + 1) * BLOCK), "block " + b);
        }
        assertArrayEquals(new byte[BLOCK], java.util.Arrays.copyOfRange(all, 301 * BLOCK, 302 * BLOCK), "after it");
    }

    @Test
    void unmappedRangeReadsZerosAndTheRestIsKept() throws IOException {
        for (long at = 0; at < SIZE; at += PAGE) {
            handler.write(at, pattern(ByteBuffer.allocateDirect(PAGE), (int) (at / PAGE)));
        }
        long from = 3 * BLOCK;
        long length = SIZE / 2 + 5 * BLOCK; // unaligned to pages and chunks at both ends
        handler.unmap(from, length);
        for (long at = 0; at < SIZE; at += PAGE) {
            ByteBuffer read = ByteBuffer.allocateDirect(PAGE);
            handler.read(at, read);
            byte[] got = bytes(read.flip());
            byte[] was = bytes(pattern(ByteBuffer.allocateDirect(PAGE), (int) (at / PAGE)));
            for (int i = 0; i < PAGE; i++) {
                long offset = at + i;
                byte expected = offset >= from && offset < from + length ? 0 : was[i];
                assertEquals(expected, got[i], "offset " + offset);
            }
        }
    }

    @Test
    void provisioningRunsCoverTheDeviceAndWrittenBlocksAreMapped() throws IOException {
        handler.write(SIZE / 2, pattern(ByteBuffer.allocateDirect(BLOCK), 4));
        long covered = 0;
        while (covered < SIZE) {
            covered += handler.provisioning(covered).length();
        }
        assertEquals(SIZE, covered);
        assertTrue(handler.provisioning(SIZE / 2).mapped());
        assertThrows(IOException.class, () -> handler.provisioning(SIZE));
    }

    static ByteBuffer pattern(ByteBuffer buffer, int seed) {
        for (int i = 0; i < buffer.remaining(); i++) {
            buffer.put(buffer.position() + i, (byte) (seed * 131 + i * 7 + (i >>> 8)));
        }
        return buffer;
    }

    /** Fills the whole buffer with 0x5a and clears it, so zeros in the result were written by the handler. */
    static ByteBuffer dirty(ByteBuffer buffer) {
        while (buffer.hasRemaining()) {
            buffer.put((byte) 0x5a);
        }
        return buffer.clear();
    }

    /** The bytes from position to limit, without moving the position. */
    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(buffer.position(), out);
        return out;
    }
}
