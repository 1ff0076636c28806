package io.pagewire.streams.pipeline;

import static io.pagewire.streams.pipeline.TestDevice.BLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.devices.MemoryDeviceHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IoPipelineTest {

    private static final long SIZE = 1 << 20;
    private static final int PAGE = 4096;

    private static ActorSystem system;
    private static ExecutorService blockingIo;

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create("IoPipelineTest");
        blockingIo = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopSystem() throws Exception {
        blockingIo.shutdown();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void offerReturnsFalseWhenTheQueueIsFull() throws Exception {
        TestDevice device = new TestDevice(SIZE, true);
        IoPipeline pipeline = IoPipeline.start("full", device, 2, 3, blockingIo);

        List<CompletableFuture<IoResult>> accepted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            accepted.add(offerWrite(pipeline, i * PAGE));
        }
        assertTrue(device.entered.tryAcquire(2, 10, TimeUnit.SECONDS), "both slots busy");
        for (int i = 2; i < 5; i++) {
            accepted.add(offerWrite(pipeline, i * PAGE)); // the queue's 3 places
        }
        assertEquals(3, pipeline.queuedRequests());

        CompletableFuture<IoResult> refused = new CompletableFuture<>();
        assertFalse(pipeline.offer(IoRequest.write(5 * PAGE, List.of(page(5)), false, refused::complete)),
                "the 6th request finds 2 running and 3 waiting: refused, not blocked, not buffered");

        device.open();
        for (CompletableFuture<IoResult> result : accepted) {
            assertTrue(await(result).succeeded());
        }
        assertNotNull(offerWrite(pipeline, 5 * PAGE), "accepted again once there is room");
        await(pipeline.shutdown());
        assertFalse(refused.isDone(), "a refused request's callback never runs");
    }

    @Test
    void neverRunsMoreThanParallelismRequestsAtOnce() throws Exception {
        TestDevice device = new TestDevice(SIZE, true);
        IoPipeline pipeline = IoPipeline.start("bound", device, 3, 64, blockingIo);

        List<CompletableFuture<IoResult>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(offerWrite(pipeline, i * PAGE));
        }
        assertTrue(device.entered.tryAcquire(3, 10, TimeUnit.SECONDS));
        assertEquals(3, device.running.get());
        assertEquals(17, pipeline.queuedRequests(), "nothing pulled beyond the 3 running");

        device.open();
        for (CompletableFuture<IoResult> result : results) {
            assertTrue(await(result).succeeded());
        }
        assertEquals(3, device.maxRunning.get());
        await(pipeline.shutdown());
    }

    /**
     * The hop this pipeline saves: a worker that finds requests waiting runs them on its own thread
     * instead of handing each to another, but only {@value IoPipeline#REQUESTS_PER_TURN} in a row, so
     * the I/O threads the LUs share are not held by one busy LU.
     */
    @Test
    void aWorkerRunsWaitingRequestsOnItsOwnThreadForOneTurn() throws Exception {
        TestDevice device = new TestDevice(SIZE, true);
        IoPipeline pipeline = IoPipeline.start("turn", device, 1, 64, blockingIo);
        int count = IoPipeline.REQUESTS_PER_TURN + 8;
        List<CompletableFuture<Thread>> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Thread> ranOn = new CompletableFuture<>();
            threads.add(ranOn);
            assertTrue(pipeline.offer(IoRequest.write((long) i * PAGE, List.of(page(i)), false,
                    result -> ranOn.complete(result.succeeded() ? Thread.currentThread() : null))));
        }
        assertTrue(device.entered.tryAcquire(1, 10, TimeUnit.SECONDS));
        assertEquals(count - 1, pipeline.queuedRequests(), "parallelism 1: one runs, the rest wait");

        device.open();
        Thread first = await(threads.get(0));
        for (int i = 1; i < IoPipeline.REQUESTS_PER_TURN; i++) {
            assertSame(first, await(threads.get(i)), "request " + i + " ran on the worker's thread");
        }
        Thread next = await(threads.get(IoPipeline.REQUESTS_PER_TURN));
        assertNotNull(next);
        assertTrue(next != first, "after its turn the worker queued itself again (a busy thread is never reused)");
        for (int i = IoPipeline.REQUESTS_PER_TURN + 1; i < count; i++) {
            assertSame(next, await(threads.get(i)));
        }
        assertEquals(1, device.maxRunning.get(), "still one at a time");
        await(pipeline.shutdown());
        assertEquals(count, await(pipeline.health()).succeeded());
    }

    /** A READ of an idle LU whose bytes are in memory completes on the offering thread, inside offer. */
    @Test
    void aCachedReadOfAnIdleUnitCompletesOnTheOfferingThread() throws Exception {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK, PAGE);
        IoPipeline pipeline = IoPipeline.start("inline", device, 2, 16, blockingIo);
        assertTrue(await(offerWrite(pipeline, 3 * PAGE)).succeeded());

        ByteBuffer into = ByteBuffer.allocateDirect(PAGE);
        List<Thread> ranOn = new ArrayList<>();
        assertTrue(pipeline.offer(IoRequest.read(3 * PAGE, List.of(into), result -> {
            assertTrue(result.succeeded());
            ranOn.add(Thread.currentThread());
        })));
        assertEquals(List.of(Thread.currentThread()), ranOn, "done before offer returned, on this thread");
        assertEquals(page(3), into, "the bytes written before");

        IoPipeline off = IoPipeline.start("not-inline", MemoryDeviceHandler.create(SIZE, BLOCK, PAGE), 2, 16,
                blockingIo, health -> { }, false);
        CompletableFuture<Thread> offThread = new CompletableFuture<>();
        assertTrue(off.offer(IoRequest.read(0, List.of(ByteBuffer.allocateDirect(PAGE)),
                result -> offThread.complete(Thread.currentThread()))));
        assertTrue(await(offThread) != Thread.currentThread(), "inline reads off: an I/O thread reads");
        await(pipeline.shutdown());
        await(off.shutdown());
    }

    @Test
    void aFailingHandlerFailsOnlyThatRequestAndThePipelineGoesOn() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IOException diskError = new IOException("medium error");
        IllegalStateException bug = new IllegalStateException("handler bug");
        device.failAt.put((long) PAGE, diskError);
        device.failAt.put(2L * PAGE, bug);
        device.failAt.put(3L * PAGE, new StackOverflowError("deep"));
        BlockingQueue<IoHealth> health = new LinkedBlockingQueue<>();
        IoPipeline pipeline = IoPipeline.start("failing", device, 2, 16, blockingIo, health::add);

        assertTrue(await(offerWrite(pipeline, 0)).succeeded());

        IoResult io = await(offerWrite(pipeline, PAGE));
        assertSame(diskError, assertInstanceOf(IoResult.Failure.class, io).cause());
        assertEquals(1, poll(health).consecutiveFailures());

        IoResult runtime = await(offerRead(pipeline, 2L * PAGE, ByteBuffer.allocateDirect(PAGE)));
        assertSame(bug, assertInstanceOf(IoResult.Failure.class, runtime).cause().getCause());
        assertEquals(2, poll(health).consecutiveFailures());

        IoResult error = await(offerWrite(pipeline, 3L * PAGE));
        assertInstanceOf(StackOverflowError.class, ((IoResult.Failure) error).cause().getCause());
        IoHealth third = poll(health);
        assertEquals(3, third.consecutiveFailures());
        assertSame(((IoResult.Failure) error).cause(), third.lastFailure());

        assertTrue(await(offerWrite(pipeline, 4L * PAGE)).succeeded(), "the next request runs normally");
        IoHealth recovered = poll(health);
        assertEquals(0, recovered.consecutiveFailures(), "a success ends the run of failures");
        assertEquals(2, recovered.succeeded());
        assertEquals(3, recovered.failed());
        assertEquals(recovered, await(pipeline.health()));

        await(pipeline.shutdown());
    }

    @Test
    void aThrowingCallbackIsCountedAndDoesNotStopTheStream() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IoPipeline pipeline = IoPipeline.start("callback", device, 1, 4, blockingIo);
        CompletableFuture<IoResult> ran = new CompletableFuture<>();
        assertTrue(pipeline.offer(IoRequest.flush(result -> {
            ran.complete(result);
            throw new IllegalStateException("session bug");
        })));
        assertTrue(await(ran).succeeded());
        assertTrue(await(offerWrite(pipeline, 0)).succeeded());
        await(pipeline.shutdown());
        IoHealth health = await(pipeline.health()); // final counters, after the stream stopped
        assertEquals(1, health.callbackFailures());
        assertEquals(2, health.succeeded());
    }

    @Test
    void pagesAreUsedBackToBackFromPositionToLimitAndLeftAsTheyWere() throws Exception {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK, 4096);
        Executor dispatcher = system.dispatchers().lookup(IoPipeline.DEFAULT_DISPATCHER); // from reference.conf
        IoPipeline pipeline = IoPipeline.start("pages", device, 4, 16, dispatcher);
        assertEquals(device.geometry(), pipeline.geometry());

        ByteBuffer first = page(1).position(BLOCK);         // 3584 bytes
        ByteBuffer second = page(2);                        // 4096 bytes
        ByteBuffer third = page(3).limit(2 * BLOCK);        // 1024 bytes
        byte[] expected = concat(first, second, third);
        long offset = 5L * BLOCK;
        IoResult written = await(offer(pipeline, done -> IoRequest.write(offset, List.of(first, second, third), true, done)));
        assertTrue(written.succeeded());
        assertEquals(BLOCK, first.position(), "the caller's positions and limits are untouched");
        assertEquals(2 * BLOCK, third.limit());

        ByteBuffer a = ByteBuffer.allocateDirect(PAGE).limit(5000 % PAGE + 100);
        ByteBuffer b = ByteBuffer.allocateDirect(2 * PAGE).limit(expected.length - a.limit());
        IoResult read = await(offer(pipeline, done -> IoRequest.read(offset, List.of(a, b), done)));
        assertTrue(read.succeeded());
        assertEquals(0, a.position());
        assertArrayEquals(expected, concat(a, b));

        await(pipeline.shutdown());
    }

    @Test
    void fuaAndFlushReachTheHandlerAfterTheWrite() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IoPipeline pipeline = IoPipeline.start("fua", device, 2, 4, blockingIo);
        assertTrue(await(offer(pipeline, done -> IoRequest.write(0, List.of(page(1)), true, done))).succeeded());
        assertEquals(List.of("write 0", "flush"), device.events);
        assertTrue(await(offer(pipeline, done -> IoRequest.write(PAGE, List.of(page(1)), false, done))).succeeded());
        assertTrue(await(offer(pipeline, done -> IoRequest.flush(done))).succeeded());
        assertEquals(List.of("write 0", "flush", "write 4096", "flush"), device.events);
        await(pipeline.shutdown());
    }

    @Test
    void aRangeOutsideTheDeviceFailsWithoutAnyIo() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IoPipeline pipeline = IoPipeline.start("range", device, 2, 4, blockingIo);
        List<ByteBuffer> twoBlocks = List.of(page(1).limit(BLOCK), page(2).limit(BLOCK));
        IoResult result = await(offer(pipeline, done -> IoRequest.write(SIZE - BLOCK, twoBlocks, false, done)));
        assertFalse(result.succeeded());
        assertTrue(device.events.isEmpty(), "the first, in-range page was not written either: " + device.events);
        await(pipeline.shutdown());
    }

    @Test
    void shutdownDrainsEveryAcceptedRequestThenFlushesAndCloses() throws Exception {
        TestDevice device = new TestDevice(SIZE, true);
        IoPipeline pipeline = IoPipeline.start("drain", device, 2, 8, blockingIo);
        List<CompletableFuture<IoResult>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(offerWrite(pipeline, i * PAGE));
        }
        assertTrue(device.entered.tryAcquire(2, 10, TimeUnit.SECONDS));

        CompletionStage<?> stopped = pipeline.shutdown();
        assertFalse(pipeline.offer(IoRequest.flush(result -> { })), "no new requests once shutting down");
        assertFalse(stopped.toCompletableFuture().isDone(), "two writes are still running, three waiting");

        device.open();
        await(stopped);
        for (CompletableFuture<IoResult> result : results) {
            assertTrue(result.isDone() && result.join().succeeded(), "every accepted request completed");
        }
        List<String> events = List.copyOf(device.events);
        assertEquals(7, events.size(), events.toString());
        assertEquals(List.of("flush", "close"), events.subList(5, 7), "flush and close after the last write");
        assertTrue(pipeline.whenTerminated().toCompletableFuture().isDone());
        await(pipeline.shutdown()); // idempotent
        assertEquals(5, await(pipeline.health()).succeeded());
    }

    @Test
    void aFailedFinalFlushFailsTerminationButStillCloses() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IOException flushFailure = new IOException("flush failed");
        device.flushFailure = flushFailure;
        IoPipeline pipeline = IoPipeline.start("flushfail", device, 1, 1, blockingIo);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> pipeline.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertSame(flushFailure, e.getCause());
        assertEquals(List.of("flush", "close"), device.events);
    }

    @Test
    void aRejectingExecutorFailsTheRequestInsteadOfThePipeline() throws Exception {
        TestDevice device = new TestDevice(SIZE, false);
        IoPipeline pipeline = IoPipeline.start("rejecting", device, 1, 4,
                task -> {
                    throw new RejectedExecutionException("shutting down");
                });
        IoResult first = await(offerWrite(pipeline, 0));
        assertInstanceOf(RejectedExecutionException.class, ((IoResult.Failure) first).cause().getCause());
        assertFalse(await(offerWrite(pipeline, PAGE)).succeeded(), "still running, still failing cleanly");
        await(pipeline.shutdown()); // flush and close run on the caller's thread instead
        assertEquals(List.of("flush", "close"), device.events);
    }

    @Test
    void refusesNonsenseSettings() {
        TestDevice device = new TestDevice(SIZE, false);
        assertThrows(IllegalArgumentException.class,
                () -> IoPipeline.start("p0", device, 0, 4, blockingIo));
        assertThrows(IllegalArgumentException.class,
                () -> IoPipeline.start("q0", device, 1, 0, blockingIo));
        assertThrows(IllegalArgumentException.class,
                () -> new IoRequest(IoRequest.Operation.FLUSH, 0, List.of(page(1)), false, result -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> IoRequest.read(-1, List.of(page(1)), result -> { }));
    }

    // --- helpers ---

    @Test
    void writeSameUnmapAndGetLbaStatusReachTheDeviceAndCheckRangesFirst() throws Exception {
        MemoryDeviceHandler device = MemoryDeviceHandler.create(SIZE, BLOCK, PAGE);
        IoPipeline pipeline = IoPipeline.start("thin", device, 2, 16, blockingIo);
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            block.put(i, (byte) 0xA6);
        }
        IoRequest.Range twoPages = new IoRequest.Range(PAGE, 2L * PAGE);
        assertTrue(await(offer(pipeline, done -> new IoRequest(IoRequest.Operation.WRITE_SAME, 0, List.of(block),
                false, List.of(twoPages), done))).succeeded());
        ByteBuffer read = ByteBuffer.allocateDirect(3 * PAGE);
        assertTrue(await(offerRead(pipeline, 0, read)).succeeded());
        for (int i = 0; i < 3 * PAGE; i++) {
            assertEquals(i < PAGE ? 0 : (byte) 0xA6, read.get(i), "byte " + i);
        }
        assertEquals(0xA6, block.get(0) & 0xFF, "the block is left as it was");
        assertEquals(BLOCK, block.remaining());

        // GET LBA STATUS from chunk 1: chunks 1 and 2 are mapped
        ByteBuffer status = ByteBuffer.allocateDirect(64);
        assertTrue(await(offer(pipeline, done -> new IoRequest(IoRequest.Operation.GET_LBA_STATUS, PAGE,
                List.of(status), false, done))).succeeded());
        assertEquals(4 + 2 * 16, status.getInt(0), "two runs: mapped, then deallocated to the end");
        assertEquals(PAGE / BLOCK, status.getLong(8), "first descriptor at the asked LBA");
        assertEquals(2 * PAGE / BLOCK, status.getInt(16));
        assertEquals(0, status.get(20), "mapped");
        assertEquals(3 * PAGE / BLOCK, status.getLong(24));
        assertEquals(1, status.get(36), "deallocated");

        // UNMAP: a range past the end fails the whole request before anything is deallocated
        IoRequest.Range outside = new IoRequest.Range(SIZE - BLOCK, 2L * BLOCK);
        assertInstanceOf(IoResult.Failure.class, await(offer(pipeline, done -> new IoRequest(
                IoRequest.Operation.UNMAP, 0, List.of(), false, List.of(twoPages, outside), done))));
        assertEquals(2L * PAGE, device.allocatedBytes(), "nothing deallocated");
        assertTrue(await(offer(pipeline, done -> new IoRequest(IoRequest.Operation.UNMAP, 0, List.of(), false,
                List.of(twoPages), done))).succeeded());
        assertEquals(0, device.allocatedBytes(), "both chunks given back");
        await(pipeline.shutdown());
    }

    @Test
    void requestsWithRangesAreCheckedWhenMade() {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        IoRequest.Range range = new IoRequest.Range(0, BLOCK);
        assertThrows(IllegalArgumentException.class, () -> new IoRequest(IoRequest.Operation.WRITE, 0,
                List.of(block), false, List.of(range), r -> { }));
        assertThrows(IllegalArgumentException.class, () -> new IoRequest(IoRequest.Operation.WRITE_SAME, 0,
                List.of(block), false, List.of(), r -> { }));
        assertThrows(IllegalArgumentException.class, () -> new IoRequest(IoRequest.Operation.UNMAP, 0,
                List.of(block), false, List.of(range), r -> { }));
        assertThrows(IllegalArgumentException.class, () -> new IoRequest.Range(-1, BLOCK));
        assertThrows(IllegalArgumentException.class, () -> new IoRequest.Range(Long.MAX_VALUE, 1));
    }

    private static CompletableFuture<IoResult> offerWrite(IoPipeline pipeline, long offset) {
        return offer(pipeline, done -> IoRequest.write(offset, List.of(page((int) (offset / PAGE))), false, done));
    }

    private static CompletableFuture<IoResult> offerRead(IoPipeline pipeline, long offset, ByteBuffer page) {
        return offer(pipeline, done -> IoRequest.read(offset, List.of(page), done));
    }

    /** Builds the request with a callback that completes the returned future; insists it is accepted. */
    private static CompletableFuture<IoResult> offer(IoPipeline pipeline, Function<Consumer<IoResult>, IoRequest> build) {
        CompletableFuture<IoResult> result = new CompletableFuture<>();
        IoRequest request = build.apply(result::complete);
        assertTrue(pipeline.offer(request), "accepted: " + request);
        return result;
    }

    private static ByteBuffer page(int seed) {
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        for (int i = 0; i < PAGE; i++) {
            page.put(i, (byte) (seed * 31 + i));
        }
        return page;
    }

    private static byte[] concat(ByteBuffer... buffers) {
        int total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        byte[] out = new byte[total];
        int at = 0;
        for (ByteBuffer buffer : buffers) {
            buffer.get(buffer.position(), out, at, buffer.remaining());
            at += buffer.remaining();
        }
        return out;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static IoHealth poll(BlockingQueue<IoHealth> health) throws InterruptedException, TimeoutException {
        IoHealth next = health.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new TimeoutException("no health report");
        }
        return next;
    }
}
