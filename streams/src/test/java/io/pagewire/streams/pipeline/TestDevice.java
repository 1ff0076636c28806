package io.pagewire.streams.pipeline;

import io.pagewire.streams.devices.MemoryDeviceHandler;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory device the test can steer: every read and write first signals {@link #entered}, then
 * (while gated) waits for {@link #open()}; it records what it did, counts how many calls run at
 * once, and throws what it was told to throw at given offsets.
 */
final class TestDevice implements DeviceHandler {

    static final int BLOCK = 512;

    private final MemoryDeviceHandler storage;
    private final CountDownLatch gate;
    final Semaphore entered = new Semaphore(0);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final Map<Long, Throwable> failAt = new ConcurrentHashMap<>();
    volatile IOException flushFailure;

    TestDevice(long sizeBytes, boolean gated) {
        this.storage = MemoryDeviceHandler.create(sizeBytes, BLOCK, 4096);
        this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    /** Lets every waiting and future call through. */
    void open() {
        gate.countDown();
    }

    @Override
    public Geometry geometry() {
        return storage.geometry();
    }

    @Override
    public void read(long byteOffset, ByteBuffer dst) throws IOException {
        enter("read " + byteOffset);
        try {
            storage.read(byteOffset, dst);
        } finally {
            running.decrementAndGet();
        }
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) throws IOException {
        enter("write " + byteOffset);
        try {
            storage.write(byteOffset, src);
        } finally {
            running.decrementAndGet();
        }
    }

    private void enter(String event) throws IOException {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        events.add(event);
        entered.release();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                running.decrementAndGet();
                throw new IOException("test gate never opened");
            }
        } catch (InterruptedException e) {
            running.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Throwable failure = failAt.get(Long.parseLong(event.substring(event.indexOf(' ') + 1)));
        if (failure != null) {
            running.decrementAndGet();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        }
    }

    @Override
    public void flush() throws IOException {
        events.add("flush");
        if (flushFailure != null) {
            throw flushFailure;
        }
        storage.flush();
    }

    @Override
    public void close() {
        events.add("close");
        storage.close();
    }

    @Override
    public String toString() {
        return "TestDevice";
    }
}
