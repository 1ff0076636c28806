package io.pagewire.streams.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.commands.SanitizeParameters;
import io.pagewire.streams.devices.MemoryDeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A sanitize's device work through a real pipeline on a memory device: every block ends as asked, durably. */
class SanitizationTest {

    private static final int BLOCK = 512;
    /** 2.5 MiB: the last overwrite chunk is a partial one. */
    private static final long SIZE = 5L << 19;

    private static ExecutorService blockingIo;

    @BeforeAll
    static void startExecutor() {
        blockingIo = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopExecutor() throws Exception {
        blockingIo.shutdown();
    }

    /** Submits every step after the previous one completed, as the sanitize's runner does. */
    private static List<IoRequest.Operation> run(IoPipeline pipeline, Sanitization sanitization) throws Exception {
        List<IoRequest.Operation> operations = new ArrayList<>();
        long bytes = 0;
        while (!sanitization.finished()) {
            CompletableFuture<IoResult> done = new CompletableFuture<>();
            Sanitization.Step step = sanitization.next(done::complete);
            assertTrue(pipeline.offer(step.request()));
            assertInstanceOf(IoResult.Success.class, done.get(10, TimeUnit.SECONDS));
            operations.add(step.request().operation());
            bytes += step.bytes();
        }
        assertEquals(sanitization.totalBytes(), bytes);
        return operations;
    }

    private static byte[] read(MemoryDeviceHandler device, long offset, int length) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        device.read(offset, buffer);
        return buffer.array();
    }

    private static void fill(MemoryDeviceHandler device, byte value) throws Exception {
        byte[] data = new byte[(int) SIZE];
        Arrays.fill(data, value);
        device.write(0, ByteBuffer.wrap(data));
    }

    @Test
    void overwriteWritesThePatternOverEveryBlockThenFlushes() throws Exception {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK);
        fill(device, (byte) 'a');
        IoPipeline pipeline = IoPipeline.start("overwrite", device, 2, 8, blockingIo);
        SanitizeParameters.Overwrite twoPasses = new SanitizeParameters.Overwrite(2, true, new byte[] {0x12, 0x34, 0x56});
        Sanitization sanitization = Sanitization.overwrite(new Geometry(BLOCK, SIZE / BLOCK), twoPasses);
        assertTrue(sanitization.writes());
        List<IoRequest.Operation> operations = run(pipeline, sanitization);
        // 3 chunks per pass (1 MiB, 1 MiB, 0.5 MiB), two passes, then the flush
        assertEquals(7, operations.size());
        assertEquals(IoRequest.Operation.FLUSH, operations.get(6));
        assertTrue(operations.subList(0, 6).stream().allMatch(op -> op == IoRequest.Operation.WRITE_SAME));
        byte[] expected = twoPasses.block(BLOCK, 1);
        assertEquals(0x12, expected[0], "the last pass writes the pattern itself");
        for (long offset = 0; offset < SIZE; offset += BLOCK) {
            assertArrayEquals(expected, read(device, offset, BLOCK), "block at " + offset);
        }
        assertThrows(IllegalStateException.class, () -> sanitization.next(r -> { }));
        pipeline.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eraseDeallocatesEverything() throws Exception {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK);
        fill(device, (byte) 'a');
        IoPipeline pipeline = IoPipeline.start("erase", device, 2, 8, blockingIo);
        Sanitization sanitization = Sanitization.erase(new Geometry(BLOCK, SIZE / BLOCK));
        assertFalse(sanitization.writes());
        assertEquals(List.of(IoRequest.Operation.UNMAP, IoRequest.Operation.FLUSH), run(pipeline, sanitization));
        assertArrayEquals(new byte[(int) SIZE], read(device, 0, (int) SIZE));
        assertFalse(device.provisioning(0).mapped());
        assertEquals(SIZE, device.provisioning(0).length());
        pipeline.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
