package io.pagewire.streams.pipeline;

import io.pagewire.streams.commands.GetLbaStatus;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.Done;

/**
 * The I/O path of one logical unit: runs {@link IoRequest}s against the LU's {@link DeviceHandler}
 * on the blocking I/O threads, at most {@code parallelism} at once.
 *
 * <pre>
 *   offer ─▶ waiting (at most queueCapacity) ─▶ up to parallelism workers on blockingIo ─▶ callback
 * </pre>
 *
 * <p>Why no stream stage in between: a command is one thread hop from its session to an I/O thread
 * and one back. An earlier version ran the requests through a Pekko stream ({@code Source.queue →
 * mapAsyncUnordered}); the stream's own actor was a third hop on every command, and at queue depth 1
 * removing it took 4 KiB reads from 313 to 237 µs (README, Performance). A worker that finds more
 * requests waiting runs them on the same thread, so a busy LU costs no wake-up per request either.
 *
 * <p>Inline reads: a READ offered to an idle LU (nothing queued or running) whose bytes are in memory
 * — a memory device, or the page cache of a file ({@link DeviceHandler#readIfCached}, never waiting
 * for a disk) — is copied on the caller's thread and its callback runs before {@code offer} returns.
 * That saves both hops (to an I/O thread and back), the whole cost of a small read at queue depth 1.
 * A busy LU keeps using its workers, which spread the copying over the cores.
 *
 * <ul>
 *   <li>Bounded: at most {@code queueCapacity} requests wait and at most {@code parallelism} run;
 *       {@link #offer} never blocks and returns false when the queue is full.</li>
 *   <li>Requests complete in any order (SIMPLE task semantics); a caller that needs an order
 *       offers the next request after the previous one completed.</li>
 *   <li>Every accepted request completes exactly once through its callback. A handler failure
 *       (exception of any kind) completes only that request with an {@link IoResult.Failure}; the
 *       next one runs.</li>
 *   <li>Supervision hooks for the actor layer: {@link #health()} and the health listener (counts and
 *       consecutive failures) and {@link #whenTerminated()}. Restarting a failing device with
 *       backoff is the actor layer's decision: it shuts this pipeline down and starts another.</li>
 * </ul>
 *
 * <p>All methods are safe to call from any thread (typically the Session or LU actor).
 */
public final class IoPipeline {

    /**
     * Config path of the blocking-I/O dispatcher this module's reference.conf defines; look it up
     * with {@code system.dispatchers().lookup(...)} to get the {@code blockingIo} executor.
     */
    public static final String DEFAULT_DISPATCHER = "pagewire.io.dispatcher";

    /**
     * Requests a worker runs in a row before it hands its thread back to the executor (and queues
     * itself behind the other LUs' work there): the I/O threads are shared by every LU.
     */
    static final int REQUESTS_PER_TURN = 32;

    /** Set in {@link #admitted} by {@link #shutdown()}; the bits below it count requests. */
    private static final int SHUTDOWN = 1 << 30;

    private final String name;
    private final DeviceHandler handler;
    private final Geometry geometry;
    private final int parallelism;
    private final int queueCapacity;
    private final Executor blockingIo;
    private final boolean inlineReads;
    private final LbaRangeLock lock = new LbaRangeLock();
    private final IoHealthBook health;
    private final ConcurrentLinkedQueue<IoRequest> waiting = new ConcurrentLinkedQueue<>();
    /** Requests accepted and not yet completed, plus {@link #SHUTDOWN} once shutting down. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger workers = new AtomicInteger();
    private final CompletableFuture<Done> terminated = new CompletableFuture<>();

    private IoPipeline(String name, DeviceHandler handler, int parallelism, int queueCapacity, Executor blockingIo,
                       Consumer<IoHealth> healthListener, boolean inlineReads) {
        this.inlineReads = inlineReads;
        this.name = name;
        this.handler = handler;
        this.geometry = handler.geometry();
        this.parallelism = parallelism;
        this.queueCapacity = queueCapacity;
        this.blockingIo = blockingIo;
        this.health = new IoHealthBook(name, healthListener);
    }

    /** {@link #start(String, DeviceHandler, int, int, Executor, Consumer, boolean)} without a health listener, inline reads on. */
    public static IoPipeline start(String name, DeviceHandler handler, int parallelism, int queueCapacity,
                                   Executor blockingIo) {
        return start(name, handler, parallelism, queueCapacity, blockingIo, health -> { });
    }

    /** {@link #start(String, DeviceHandler, int, int, Executor, Consumer, boolean)} with inline reads on. */
    public static IoPipeline start(String name, DeviceHandler handler, int parallelism, int queueCapacity,
                                   Executor blockingIo, Consumer<IoHealth> healthListener) {
        return start(name, handler, parallelism, queueCapacity, blockingIo, healthListener, true);
    }

    /**
     * Starts the pipeline. It owns {@code handler} from now on and closes it when it stops.
     *
     * @param name           for logs, e.g. {@code "iqn.…:disk1/lun0"}
     * @param handler        the device; its geometry is read once here
     * @param parallelism    how many requests run on the device at once (&gt;= 1)
     * @param queueCapacity  how many accepted requests may wait for a slot (&gt;= 1)
     * @param blockingIo     runs the blocking handler calls, e.g. the dispatcher at
     *                       {@link #DEFAULT_DISPATCHER} (a looked-up dispatcher is an {@link Executor}); it must
     *                       have at least {@code parallelism} threads for the bound to be reached,
     *                       and must not interrupt them (an interrupt closes a {@code FileChannel})
     * @param healthListener told, on an I/O thread, after every failure and after the first
     *                       success that ends a run of failures; must be cheap (an actor {@code tell})
     * @param inlineReads    whether a READ of an idle LU whose bytes are in memory is read on the
     *                       offering thread (see the class comment)
     */
    public static IoPipeline start(String name, DeviceHandler handler, int parallelism, int queueCapacity,
                                   Executor blockingIo, Consumer<IoHealth> healthListener, boolean inlineReads) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(blockingIo, "blockingIo");
        Objects.requireNonNull(healthListener, "healthListener");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
        }
        return new IoPipeline(name, handler, parallelism, queueCapacity, blockingIo, healthListener, inlineReads);
    }

    /**
     * Hands a request to the pipeline without blocking.
     *
     * @return true if accepted: its callback will run exactly once — on this thread before this call
     *         returns, for an inline read. False if the queue is full or
     *         the pipeline is shutting down or stopped: the callback will never run and the pages
     *         are still the caller's (answer the command with TASK SET FULL / BUSY, or retry later)
     */
    public boolean offer(IoRequest request) {
        Objects.requireNonNull(request, "request");
        int before;
        do {
            before = admitted.get();
            if ((before & SHUTDOWN) != 0 || before >= parallelism + queueCapacity) {
                return false;
            }
        } while (!admitted.compareAndSet(before, before + 1));
        if (before == 0 && inlineReads && request.operation() == IoRequest.Operation.READ && readInline(request)) {
            return true;
        }
        waiting.add(request);
        if (claimWorker()) {
            startWorker();
        }
        return true;
    }

    /**
     * Stops taking requests, lets every accepted one (queued or running) complete, then flushes and
     * closes the handler. Idempotent; every call returns the same outcome as {@link #whenTerminated()}.
     */
    public CompletionStage<Done> shutdown() {
        int before = admitted.getAndUpdate(state -> state | SHUTDOWN);
        if (before == 0) {
            closeHandler(); // nothing in flight: this call is the last word
        }
        return whenTerminated();
    }

    /**
     * Completes once the pipeline has stopped and the handler has been flushed and closed. Completes
     * normally after a {@link #shutdown()} whose flush and close succeeded; exceptionally if the
     * flush or close failed.
     */
    public CompletionStage<Done> whenTerminated() {
        return terminated.minimalCompletionStage();
    }

    /** Current counters. */
    public CompletionStage<IoHealth> health() {
        return CompletableFuture.completedFuture(health.snapshot());
    }

    /** Requests accepted and not yet picked up by a worker (approximate under concurrency). */
    public int queuedRequests() {
        return waiting.size();
    }

    public String name() {
        return name;
    }

    /** The device's geometry, as read at start. */
    public Geometry geometry() {
        return geometry;
    }

    public int parallelism() {
        return parallelism;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    @Override
    public String toString() {
        return "IoPipeline[" + name + ", " + handler + ", parallelism " + parallelism + ", queue " + queueCapacity + "]";
    }

    /**
     * An admitted READ of an idle LU, tried on the caller's thread: done if the device has every byte
     * at hand. Otherwise nothing is delivered and a worker does the read (a failure, too, is left to
     * the worker's blocking read to meet and report).
     */
    private boolean readInline(IoRequest request) {
        if (!geometry.containsRange(request.byteOffset(), request.length())) {
            return false;
        }
        LbaRangeLock.Hold hold = lock.tryAcquire(request.byteOffset(), request.length(), false);
        if (hold == null) {
            return false; // an exclusive request offered on another thread just took the range
        }
        try {
            long offset = request.byteOffset();
            for (ByteBuffer page : request.buffers()) {
                ByteBuffer view = page.duplicate();
                int length = view.remaining();
                if (!handler.readIfCached(offset, view)) {
                    return false;
                }
                offset += length;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            lock.release(hold);
        }
        finish(new IoResult.Success(request));
        return true;
    }

    /** Takes one of the {@code parallelism} worker places, if one is free. */
    private boolean claimWorker() {
        for (;;) {
            int running = workers.get();
            if (running >= parallelism) {
                return false;
            }
            if (workers.compareAndSet(running, running + 1)) {
                return true;
            }
        }
    }

    /** Runs a claimed worker on an I/O thread; if the executor refuses, it fails what is waiting instead. */
    private void startWorker() {
        try {
            blockingIo.execute(this::work);
        } catch (RejectedExecutionException e) {
            // Only when the executor is shutting down: the waiting requests fail on this thread.
            workers.decrementAndGet();
            IoRequest request;
            while ((request = waiting.poll()) != null) {
                finish(new IoResult.Failure(request, new IOException("I/O executor rejected " + request, e)));
            }
        }
    }

    /** A worker's turn on an I/O thread: runs waiting requests until there are none or its turn is up. */
    private void work() {
        for (int ran = 0; ; ) {
            IoRequest request = waiting.poll();
            if (request == null) {
                workers.decrementAndGet();
                // An offer between the poll and the decrement saw this worker running and started none.
                if (waiting.isEmpty() || !claimWorker()) {
                    return;
                }
                continue;
            }
            finish(run(handler, geometry, lock, request));
            if (++ran == REQUESTS_PER_TURN && !waiting.isEmpty()) {
                startWorker(); // the same worker place, behind whatever else waits for an I/O thread
                return;
            }
        }
    }

    /**
     * The request's end: it stops counting against the bounds before its callback runs, so the
     * command the callback lets the initiator send next finds the LU idle (and may read inline).
     */
    private void finish(IoResult result) {
        int after = admitted.decrementAndGet();
        health.count(result);
        try {
            result.request().onComplete().accept(result);
        } catch (Throwable t) {
            health.callbackThrew(result, t);
        }
        if (after == SHUTDOWN) {
            closeHandler(); // the last request after shutdown(): exactly one finish sees this
        }
    }

    /** Runs on a blocking I/O thread; never throws. */
    private static IoResult run(DeviceHandler handler, Geometry geometry, LbaRangeLock lock, IoRequest request) {
        try {
            return performLocked(handler, geometry, lock, request);
        } catch (IOException e) {
            return new IoResult.Failure(request, e);
        } catch (Throwable t) {
            // A broken handler must not take the pipeline down: the request fails, the next one runs.
            return new IoResult.Failure(request, new IOException(handler + " threw " + t, t));
        }
    }

    /** Takes the LU's range lock around the device work of everything but FLUSH. */
    private static IoResult performLocked(DeviceHandler handler, Geometry geometry, LbaRangeLock lock,
                                          IoRequest request) throws IOException {
        IoRequest.Operation op = request.operation();
        if (op == IoRequest.Operation.FLUSH) {
            handler.flush();
            return new IoResult.Success(request);
        }
        if (op == IoRequest.Operation.WRITE_SAME || op == IoRequest.Operation.UNMAP
                || op == IoRequest.Operation.GET_LBA_STATUS) {
            // Their extent is their ranges (or, for GET LBA STATUS, nothing the device changes); perform()
            // checks it. Like WRITE and READ they share the range lock, so they exclude only the
            // exclusive operations (COMPARE AND WRITE, ORWRITE, atomic writes) over the same blocks.
            long from = Long.MAX_VALUE;
            long to = 0;
            for (IoRequest.Range range : request.ranges()) {
                from = Math.min(from, range.byteOffset());
                to = Math.max(to, range.byteOffset() + range.length());
            }
            LbaRangeLock.Hold hold = from < to ? lock.acquire(from, to - from, false) : null;
            try {
                perform(handler, geometry, request);
                return new IoResult.Success(request);
            } finally {
                if (hold != null) {
                    lock.release(hold);
                }
            }
        }
        if (!geometry.containsRange(request.byteOffset(), request.mediumLength())) {
            throw new IOException(request + " is outside the device's " + geometry.capacityBytes() + " bytes");
        }
        LbaRangeLock.Hold hold = lock.acquire(request.byteOffset(), request.mediumLength(), op.exclusive());
        try {
            return switch (op) {
                case READ, WRITE, FLUSH -> {
                    perform(handler, geometry, request);
                    yield new IoResult.Success(request);
                }
                default -> CompareAndMerge.perform(handler, request);
            };
        } finally {
            lock.release(hold);
        }
    }

    private static void perform(DeviceHandler handler, Geometry geometry, IoRequest request) throws IOException {
        switch (request.operation()) {
            case READ -> {
                checkRange(geometry, request);
                long offset = request.byteOffset();
                for (ByteBuffer page : request.buffers()) {
                    ByteBuffer view = page.duplicate();
                    int length = view.remaining();
                    handler.read(offset, view);
                    offset += length;
                }
            }
            case WRITE -> {
                checkRange(geometry, request);
                long offset = request.byteOffset();
                for (ByteBuffer page : request.buffers()) {
                    ByteBuffer view = page.duplicate();
                    int length = view.remaining();
                    handler.write(offset, view);
                    offset += length;
                }
                if (request.fua()) {
                    handler.flush();
                }
            }
            case FLUSH -> handler.flush();
            case WRITE_SAME -> {
                IoRequest.Range range = request.ranges().get(0);
                ByteBuffer block = request.buffers().get(0).duplicate();
                int blockLength = block.remaining();
                if (blockLength == 0 || range.length() % blockLength != 0
                        || !geometry.containsRange(range.byteOffset(), range.length())) {
                    throw new IOException(request + ": " + range + " is not whole blocks inside the device");
                }
                handler.writeSame(range.byteOffset(), block, range.length() / blockLength);
                if (request.fua()) {
                    handler.flush();
                }
            }
            case UNMAP -> {
                // Every range is checked before the first is deallocated.
                for (IoRequest.Range range : request.ranges()) {
                    if (!geometry.containsRange(range.byteOffset(), range.length())) {
                        throw new IOException(request + ": " + range + " is outside the device");
                    }
                }
                for (IoRequest.Range range : request.ranges()) {
                    handler.unmap(range.byteOffset(), range.length());
                }
                if (request.fua()) {
                    handler.flush(); // WRITE SAME with UNMAP or NDOB under WCE = 0: the zeros are durable
                }
            }
            case GET_LBA_STATUS -> GetLbaStatus.encode(handler, request.byteOffset() / geometry.blockSize(),
                    request.buffers().get(0).duplicate());
            default -> throw new IllegalStateException(request + " is not a plain transfer");
        }
    }

    /** The whole range is checked before any page moves, so an out-of-range write writes nothing. */
    private static void checkRange(Geometry geometry, IoRequest request) throws IOException {
        if (!geometry.containsRange(request.byteOffset(), request.length())) {
            throw new IOException(request + " is outside the device's " + geometry.capacityBytes() + " bytes");
        }
    }

    /** After the last request: flush (best effort if it failed), close, then report. */
    private void closeHandler() {
        Runnable close = () -> {
            Throwable failure = null;
            try {
                handler.flush();
            } catch (Throwable t) {
                failure = t;
            }
            try {
                handler.close();
            } catch (Throwable t) {
                failure = addSuppressed(failure, t);
            }
            if (failure == null) {
                terminated.complete(Done.getInstance());
            } else {
                terminated.completeExceptionally(failure);
            }
        };
        try {
            blockingIo.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    private static Throwable addSuppressed(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }
}
