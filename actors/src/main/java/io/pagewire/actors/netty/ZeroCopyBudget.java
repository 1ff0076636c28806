package io.pagewire.actors.netty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes this process may have in zero-copy flight. A zero-copy send pins its pages until the
 * kernel's notification, and pinned pages count against RLIMIT_MEMLOCK: past it the send fails with
 * ENOMEM and Netty closes the channel. So every Data-In payload sent zero-copy first takes its bytes
 * from this budget and gives them back when its page is deallocated (after the notification); a
 * payload that does not fit goes out as a plain send. One instance per server, shared by all its
 * connections and event loops; thread-safe.
 */
public final class ZeroCopyBudget {
    private static final Logger LOG = LoggerFactory.getLogger(ZeroCopyBudget.class);

    private final long limit;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong zeroCopySends = new AtomicLong();
    private final AtomicLong plainFallbacks = new AtomicLong();
    private final AtomicBoolean exhaustionLogged = new AtomicBoolean();

    /** @param limit bytes that may be in zero-copy flight at once */
    public ZeroCopyBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
    }

    /**
     * A budget of three quarters of the process's soft RLIMIT_MEMLOCK, leaving room for the small
     * buffers (PDU headers) a gathering zero-copy send pins alongside the payload, and for other
     * locked memory. An unreadable limit gives a budget of zero: no zero-copy sends.
     */
    public static ZeroCopyBudget fromMemlockLimit() {
        long memlock = memlockLimit(Path.of("/proc/self/limits"));
        return new ZeroCopyBudget(memlock == Long.MAX_VALUE ? Long.MAX_VALUE : memlock / 4 * 3);
    }

    /**
     * The soft "Max locked memory" of a /proc/[pid]/limits file in bytes, {@link Long#MAX_VALUE} for
     * unlimited, 0 when the file or the line cannot be read.
     */
    static long memlockLimit(Path limits) {
        List<String> lines;
        try {
            lines = Files.readAllLines(limits);
        } catch (IOException | SecurityException e) {
            return 0;
        }
        return memlockLimit(lines);
    }

    static long memlockLimit(List<String> limitsLines) {
        for (String line : limitsLines) {
            if (line.startsWith("Max locked memory")) {
                String[] fields = line.substring("Max locked memory".length()).trim().split("\\s+");
                if (fields.length == 0) {
                    return 0;
                }
                if (fields[0].equals("unlimited")) {
                    return Long.MAX_VALUE;
                }
                try {
                    return Long.parseLong(fields[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    public long limit() {
        return limit;
    }

    /** Takes {@code bytes} for a zero-copy send; false (and nothing taken) when they do not fit. Any thread. */
    boolean tryAcquire(int bytes) {
        long now;
        do {
            now = inFlight.get();
            if (limit - now < bytes) {
                plainFallbacks.incrementAndGet();
                if (exhaustionLogged.compareAndSet(false, true)) {
                    LOG.warn("zero-copy budget of {} bytes (3/4 of RLIMIT_MEMLOCK) in use: payloads go as plain sends "
                            + "until pages come back; raise LimitMEMLOCK to send more zero-copy", limit);
                }
                return false;
            }
        } while (!inFlight.compareAndSet(now, now + bytes));
        zeroCopySends.incrementAndGet();
        return true;
    }

    /** Gives back bytes whose pages the kernel has let go of. Any thread. */
    void release(long bytes) {
        inFlight.addAndGet(-bytes);
    }

    /** Bytes now in zero-copy flight (pinned by the kernel or about to be). */
    public long inFlightBytes() {
        return inFlight.get();
    }

    /** Data-In payloads admitted on zero-copy connections since start (each may go zero-copy). */
    public long zeroCopySends() {
        return zeroCopySends.get();
    }

    /** Payloads that would have gone zero-copy but found the budget used, since start. */
    public long plainFallbacks() {
        return plainFallbacks.get();
    }
}
