package io.pagewire.streams.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pagewire.streams.devices.MemoryDeviceHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The device work of the compare and merge operations, on a memory device: exact miscompare offsets
 * (first byte, last byte, across page and scratch boundaries), nothing written on a miscompare, OR
 * merged byte by byte, and the caller's buffers left with their bounds.
 */
class CompareAndMergeTest {

    private static final int BLOCK = 512;
    private static final long SIZE = 1 << 20;

    private final MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK, 4096);

    @AfterEach
    void close() {
        device.close();
    }

    private static IoRequest request(IoRequest.Operation op, long offset, List<ByteBuffer> pages,
                                     List<ByteBuffer> scratch, long mediumLength, boolean fua) {
        return new IoRequest(op, offset, pages, scratch, mediumLength, fua, result -> { });
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }

    /** {@code bytes} cut into direct pages of {@code pageSize} (the last may be shorter). */
    private static List<ByteBuffer> pages(byte[] bytes, int pageSize) {
        List<ByteBuffer> pages = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += pageSize) {
            int n = Math.min(pageSize, bytes.length - at);
            ByteBuffer page = ByteBuffer.allocateDirect(n);
            page.put(bytes, at, n).flip();
            pages.add(page);
        }
        return pages;
    }

    private static List<ByteBuffer> scratch(int pageSize) {
        return List.of(ByteBuffer.allocateDirect(pageSize));
    }

    private void put(long offset, byte[] bytes) throws Exception {
        device.write(offset, ByteBuffer.wrap(bytes));
    }

    private byte[] get(long offset, int length) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(length);
        device.read(offset, b);
        return b.array();
    }

    private IoResult run(IoRequest request) throws Exception {
        return CompareAndMerge.perform(device, request);
    }

    @Test
    void compareMatchesAndReportsTheFirstDifferenceAcrossPagesAndScratchChunks() throws Exception {
        byte[] medium = pattern(8 * BLOCK, 1);
        put(BLOCK, medium);
        // Data pages of 1000 bytes and a scratch page of 700: the compare walks both unaligned.
        assertInstanceOf(IoResult.Success.class,
                run(request(IoRequest.Operation.COMPARE, BLOCK, pages(medium, 1000), scratch(700), -1, false)));
        for (int flip : new int[] {0, 699, 700, 999, 1000, 8 * BLOCK - 1}) {
            byte[] sent = medium.clone();
            sent[flip] ^= 'X';
            sent[8 * BLOCK - 1] ^= flip == 8 * BLOCK - 1 ? 0 : 1; // a later difference must not win
            IoResult result = run(request(IoRequest.Operation.COMPARE, BLOCK, pages(sent, 1000), scratch(700), -1,
                    false));
            assertEquals(flip, assertInstanceOf(IoResult.Miscompare.class, result).offset(), "flipped " + flip);
        }
        assertArrayEquals(medium, get(BLOCK, 8 * BLOCK), "a compare writes nothing");
    }

    @Test
    void compareEachBlockChecksEveryBlockAgainstTheOne() throws Exception {
        byte[] block = pattern(BLOCK, 2);
        for (int i = 0; i < 6; i++) {
            put((10L + i) * BLOCK, block);
        }
        IoRequest same = request(IoRequest.Operation.COMPARE_EACH_BLOCK, 10L * BLOCK, pages(block, BLOCK),
                scratch(4096), 6L * BLOCK, false);
        assertInstanceOf(IoResult.Success.class, run(same));
        byte[] changed = block.clone();
        changed[17] ^= 1;
        put(14L * BLOCK, changed);
        IoResult result = run(request(IoRequest.Operation.COMPARE_EACH_BLOCK, 10L * BLOCK, pages(block, BLOCK),
                scratch(4096), 6L * BLOCK, false));
        assertEquals(4L * BLOCK + 17, assertInstanceOf(IoResult.Miscompare.class, result).offset());
    }

    @Test
    void compareAndWriteWritesTheSecondHalfOnlyOnAMatch() throws Exception {
        byte[] old = pattern(3 * BLOCK, 3);
        byte[] next = pattern(3 * BLOCK, 4);
        put(0, old);
        byte[] data = new byte[6 * BLOCK];
        System.arraycopy(old, 0, data, 0, old.length);
        System.arraycopy(next, 0, data, old.length, next.length);
        // A page boundary in the middle of the write half.
        assertInstanceOf(IoResult.Success.class,
                run(request(IoRequest.Operation.COMPARE_AND_WRITE, 0, pages(data, 2000), scratch(512), -1, true)));
        assertArrayEquals(next, get(0, 3 * BLOCK));

        // Now the medium holds `next`: comparing against `old` again fails at its first difference.
        int first = 0;
        while (old[first] == next[first]) {
            first++;
        }
        IoResult result = run(request(IoRequest.Operation.COMPARE_AND_WRITE, 0, pages(data, 2000), scratch(512), -1,
                false));
        assertEquals(first, assertInstanceOf(IoResult.Miscompare.class, result).offset());
        assertArrayEquals(next, get(0, 3 * BLOCK), "nothing written after a miscompare");
    }

    @Test
    void orWriteMergesEveryByte() throws Exception {
        byte[] medium = pattern(2 * BLOCK + 24, 7);
        put(4L * BLOCK, medium);
        byte[] sent = pattern(2 * BLOCK + 24, 11);
        // Pages of 300 and a scratch page of 256: runs that neither start nor end on 8-byte steps.
        List<ByteBuffer> pages = pages(sent, 300);
        assertInstanceOf(IoResult.Success.class,
                run(request(IoRequest.Operation.OR_WRITE, 4L * BLOCK, pages, scratch(256), -1, false)));
        byte[] expected = new byte[sent.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (medium[i] | sent[i]);
        }
        assertArrayEquals(expected, get(4L * BLOCK, expected.length));
        assertEquals(0, pages.get(0).position(), "buffer bounds untouched");
        assertEquals(300, pages.get(0).limit());
    }

    @Test
    void writeAndCompareAndAtomicWriteStoreThePages() throws Exception {
        byte[] data = pattern(4 * BLOCK, 5);
        assertInstanceOf(IoResult.Success.class,
                run(request(IoRequest.Operation.WRITE_AND_COMPARE, 8L * BLOCK, pages(data, 4096), scratch(512), -1,
                        true)));
        assertArrayEquals(data, get(8L * BLOCK, 4 * BLOCK));
        byte[] more = pattern(4 * BLOCK, 6);
        assertInstanceOf(IoResult.Success.class,
                run(request(IoRequest.Operation.ATOMIC_WRITE, 8L * BLOCK, pages(more, 1024), List.of(), -1, false)));
        assertArrayEquals(more, get(8L * BLOCK, 4 * BLOCK));
    }

    @Test
    void requestsCheckTheirShape() {
        List<ByteBuffer> two = pages(new byte[2 * BLOCK], BLOCK);
        assertThrows(IllegalArgumentException.class,
                () -> request(IoRequest.Operation.COMPARE, 0, two, List.of(), -1, false));
        assertThrows(IllegalArgumentException.class,
                () -> request(IoRequest.Operation.ATOMIC_WRITE, 0, two, scratch(BLOCK), -1, false));
        assertThrows(IllegalArgumentException.class,
                () -> request(IoRequest.Operation.COMPARE_EACH_BLOCK, 0, two, scratch(BLOCK), -1, false));
        assertThrows(IllegalArgumentException.class,
                () -> request(IoRequest.Operation.COMPARE_EACH_BLOCK, 0, two, scratch(BLOCK), 3L * BLOCK, false));
        assertThrows(IllegalArgumentException.class,
                () -> request(IoRequest.Operation.COMPARE_AND_WRITE, 0, pages(new byte[3], 3), scratch(BLOCK), -1,
                        false));
        assertEquals(BLOCK, request(IoRequest.Operation.COMPARE_AND_WRITE, 0, two, scratch(BLOCK), -1, false)
                .mediumLength());
    }
}
