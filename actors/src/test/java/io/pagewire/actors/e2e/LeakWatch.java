package io.pagewire.actors.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Catches what Netty's leak detector reports: an appender on its logger keeps every ERROR line
 * ("LEAK: ... release() was not called"). Netty reports a leak only after the leaked buffer has
 * been collected and another tracked buffer is allocated, so {@link #collectAndPoll()} runs a GC
 * and allocates a few buffers. Needs the detector on (the build runs tests at paranoid).
 */
final class LeakWatch extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
    private final List<String> leaks = new CopyOnWriteArrayList<>();

    static LeakWatch watching() {
        LeakWatch watch = new LeakWatch();
        watch.setName("leak-watch");
        watch.setContext(watch.logger.getLoggerContext());
        watch.start();
        watch.logger.addAppender(watch);
        return watch;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            leaks.add(event.getFormattedMessage());
        }
    }

    /** Lets buffers that were dropped unreleased be found: GC, then allocations that poll the detector. */
    void collectAndPoll() {
        System.gc();
        for (int i = 0; i < 64; i++) {
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            probe.release();
        }
    }

    List<String> leaks() {
        return List.copyOf(leaks);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
