package io.pagewire.streams.pipeline;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters behind {@link IoPipeline#health()}: every outcome is counted here, on the I/O thread
 * that produced it. The health listener hears of every failure and of the first success that ends a
 * run of failures, in the order they were counted (it is called under this book's lock, so it must be
 * cheap: an actor {@code tell}).
 */
final class IoHealthBook {
    private static final Logger LOG = LoggerFactory.getLogger(IoPipeline.class);

    private final String pipelineName;
    private final Consumer<IoHealth> listener;
    private long succeeded;
    private long failed;
    private long consecutiveFailures;
    private long callbackFailures;
    private IOException lastFailure;

    IoHealthBook(String pipelineName, Consumer<IoHealth> listener) {
        this.pipelineName = pipelineName;
        this.listener = listener;
    }

    /** Counted before the request's callback runs, so whoever the callback wakes sees it counted. */
    synchronized void count(IoResult result) {
        if (result instanceof IoResult.Failure failure) {
            failed++;
            consecutiveFailures++;
            lastFailure = failure.cause();
            if (consecutiveFailures == 1) {
                LOG.warn("I/O pipeline {}: {} failed: {}", pipelineName, result.request(), failure.cause().toString());
            } else {
                LOG.debug("I/O pipeline {}: {} failed ({} in a row): {}", pipelineName, result.request(),
                        consecutiveFailures, failure.cause().toString());
            }
            notifyListener();
        } else {
            succeeded++;
            if (consecutiveFailures > 0) {
                LOG.info("I/O pipeline {}: request succeeded after {} failures", pipelineName, consecutiveFailures);
                consecutiveFailures = 0;
                notifyListener();
            }
        }
    }

    /** The request's callback threw: a bug in the caller, logged and counted. */
    synchronized void callbackThrew(IoResult result, Throwable failure) {
        callbackFailures++;
        LOG.error("I/O pipeline {}: completion callback of {} threw", pipelineName, result.request(), failure);
    }

    synchronized IoHealth snapshot() {
        return new IoHealth(succeeded, failed, consecutiveFailures, callbackFailures, lastFailure);
    }

    private void notifyListener() {
        try {
            listener.accept(snapshot());
        } catch (RuntimeException e) {
            LOG.error("I/O pipeline {}: health listener threw", pipelineName, e);
        }
    }
}
