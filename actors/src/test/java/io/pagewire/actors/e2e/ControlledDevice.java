package io.pagewire.actors.e2e;

import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.config.LunConfig;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device a test can break: wraps the handlers another factory opens (memory or file) and, on
 * the test's say-so, fails every I/O, refuses to open, holds the next I/O call until released, or
 * holds close(). One instance stands for one LUN across every reopen of its logical unit.
 */
final class ControlledDevice {
    private final PagewireServer.DeviceFactory underlying;
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger openAttempts = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger overlappingOpens = new AtomicInteger();
    private final AtomicReference<Gate> nextCall = new AtomicReference<>();
    private volatile boolean failIo;
    private volatile boolean failOpen;
    private volatile CountDownLatch closeGate;

    /** Blocks one I/O call: {@link #entered} completes when the call arrives, {@link #release} lets it go. */
    static final class Gate {
        final CompletableFuture<Void> entered = new CompletableFuture<>();
        private final CountDownLatch released = new CountDownLatch(1);

        void release() {
            released.countDown();
        }

        private void pass() {
            entered.complete(null);
            try {
                if (!released.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    ControlledDevice(PagewireServer.DeviceFactory underlying) {
        this.underlying = underlying;
    }

    /** The factory for the server: opens through the underlying factory and wraps the handler. */
    DeviceHandler open(LunConfig lun) throws IOException {
        openAttempts.incrementAndGet();
        if (failOpen) {
            throw new IOException("controlled device: open refused");
        }
        if (live.get() > 0) {
            overlappingOpens.incrementAndGet();
        }
        DeviceHandler handler = underlying.open(lun);
        live.incrementAndGet();
        opens.incrementAndGet();
        return new Handler(handler);
    }

    /** Every read, write and flush fails while set (the handler stays open). */
    void failIo(boolean fail) {
        failIo = fail;
    }

    /** Opening (reopening after a restart) fails while set. */
    void failOpen(boolean fail) {
        failOpen = fail;
    }

    /** The next read or write blocks until the returned gate is released. */
    Gate holdNextCall() {
        Gate gate = new Gate();
        nextCall.set(gate);
        return gate;
    }

    /** close() of the currently open handler blocks until the returned latch is counted down. */
    CountDownLatch holdClose() {
        CountDownLatch latch = new CountDownLatch(1);
        closeGate = latch;
        return latch;
    }

    /** Successful opens so far (the start counts as one). */
    int opens() {
        return opens.get();
    }

    int openAttempts() {
        return openAttempts.get();
    }

    /** Opens attempted while an earlier handler was not closed yet. */
    int overlappingOpens() {
        return overlappingOpens.get();
    }

    /** Handlers opened and not yet closed. */
    int live() {
        return live.get();
    }

    private final class Handler implements DeviceHandler {
        private final DeviceHandler delegate;
        private boolean closed;

        Handler(DeviceHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public Geometry geometry() {
            return delegate.geometry();
        }

        @Override
        public void read(long byteOffset, ByteBuffer dst) throws IOException {
            beforeIo();
            delegate.read(byteOffset, dst);
        }

        @Override
        public void write(long byteOffset, ByteBuffer src) throws IOException {
            beforeIo();
            delegate.write(byteOffset, src);
        }

        @Override
        public void flush() throws IOException {
            if (failIo) {
                throw new IOException("controlled device: flush failed");
            }
            delegate.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            CountDownLatch gate = closeGate;
            if (gate != null) {
                try {
                    gate.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closed = true;
            try {
                delegate.close();
            } finally {
                live.decrementAndGet();
            }
        }

        private void beforeIo() throws IOException {
            Gate gate = nextCall.getAndSet(null);
            if (gate != null) {
                gate.pass();
            }
            if (failIo) {
                throw new IOException("controlled device: I/O failed");
            }
        }
    }
}
