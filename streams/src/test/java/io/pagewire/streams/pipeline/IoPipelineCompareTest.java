package io.pagewire.streams.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compare and merge operations inside a running pipeline: an exclusive request keeps an
 * overlapping WRITE off the device until it is done, and a miscompare is the command's outcome, not a
 * device failure (health counts it as a success).
 */
class IoPipelineCompareTest {

    private static final int BLOCK = TestDevice.BLOCK;

    private static ExecutorService blockingIo;

    @BeforeAll
    static void startExecutor() {
        blockingIo = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopExecutor() throws Exception {
        blockingIo.shutdown();
    }

    private static ByteBuffer filled(int length, int value) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put(i, (byte) value);
        }
        return b;
    }

    @Test
    void compareAndWriteHoldsItsRangeAgainstAnOverlappingWrite() throws Exception {
        TestDevice device = new TestDevice(1 << 20, true);
        IoPipeline pipeline = IoPipeline.start("caw", device, 4, 16, blockingIo);
        try {
            CompletableFuture<IoResult> caw = new CompletableFuture<>();
            // Compare half: zeros (what the fresh device holds); write half: 0x42.
            List<ByteBuffer> data = List.of(filled(BLOCK, 0), filled(BLOCK, 0x42));
            assertTrue(pipeline.offer(new IoRequest(IoRequest.Operation.COMPARE_AND_WRITE, 8L * BLOCK, data,
                    List.of(ByteBuffer.allocateDirect(4096)), -1, false, caw::complete)));
            assertTrue(device.entered.tryAcquire(10, TimeUnit.SECONDS), "the compare reads the medium");

            CompletableFuture<IoResult> write = new CompletableFuture<>();
            assertTrue(pipeline.offer(IoRequest.write(8L * BLOCK, List.of(filled(BLOCK, 0x7)), false,
                    write::complete)));
            CompletableFuture<IoResult> elsewhere = new CompletableFuture<>();
            assertTrue(pipeline.offer(IoRequest.write(0, List.of(filled(BLOCK, 0x9)), false, elsewhere::complete)));
            assertTrue(device.entered.tryAcquire(10, TimeUnit.SECONDS), "a disjoint write runs meanwhile");
            assertEquals(List.of("read " + 8 * BLOCK, "write 0"), List.copyOf(device.events));
            assertFalse(write.isDone(), "the overlapping write waits");

            device.open();
            assertInstanceOf(IoResult.Success.class, caw.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IoResult.Success.class, write.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IoResult.Success.class, elsewhere.get(10, TimeUnit.SECONDS));
            List<String> events = List.copyOf(device.events);
            assertEquals(List.of("read " + 8 * BLOCK, "write 0", "write " + 8 * BLOCK, "write " + 8 * BLOCK), events,
                    "compare, then its write, then the waiting write");
            ByteBuffer now = ByteBuffer.allocateDirect(BLOCK);
            CompletableFuture<IoResult> read = new CompletableFuture<>();
            assertTrue(pipeline.offer(IoRequest.read(8L * BLOCK, List.of(now), read::complete)));
            read.get(10, TimeUnit.SECONDS);
            assertEquals(0x7, now.get(0), "the later write landed last");
        } finally {
            pipeline.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMiscompareIsNotADeviceFailure() throws Exception {
        TestDevice device = new TestDevice(1 << 20, false);
        IoPipeline pipeline = IoPipeline.start("verify", device, 2, 16, blockingIo);
        try {
            CompletableFuture<IoResult> verify = new CompletableFuture<>();
            ByteBuffer expected = filled(2 * BLOCK, 0);
            expected.put(BLOCK + 3, (byte) 1);
            assertTrue(pipeline.offer(new IoRequest(IoRequest.Operation.COMPARE, 0, List.of(expected),
                    List.of(ByteBuffer.allocateDirect(BLOCK)), -1, false, verify::complete)));
            IoResult result = verify.get(10, TimeUnit.SECONDS);
            assertEquals(BLOCK + 3, assertInstanceOf(IoResult.Miscompare.class, result).offset());
            // The callback runs before the outcome reaches the sink: poll the counters, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            IoHealth health = pipeline.health().toCompletableFuture().get(10, TimeUnit.SECONDS);
            while (health.succeeded() + health.failed() == 0 && System.nanoTime() < deadline) {
                health = pipeline.health().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertEquals(1, health.succeeded());
            assertEquals(0, health.failed());
            assertEquals(0, health.consecutiveFailures());
        } finally {
            pipeline.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
