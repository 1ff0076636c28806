package io.pagewire.streams.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte-range lock of one logical unit, taken on the I/O thread around every request that touches
 * the medium. Exclusive holders (COMPARE AND WRITE, ORWRITE, WRITE ATOMIC, WRITE AND VERIFY with a
 * compare) exclude every overlapping request; shared holders (READ, WRITE, VERIFY) exclude only
 * overlapping exclusive ones. That is what makes a compare-and-write atomic against every other
 * command on the LU, from any session (SBC-3 §5.2): all of them run through this LU's one pipeline.
 *
 * <p>Grants are first come, first served: a request waits only for <em>earlier</em> overlapping
 * requests it conflicts with, granted or waiting. Every wait therefore points at an older request that
 * already holds a thread of the pipeline, so there is no cycle and no starvation; the oldest request
 * always runs. Only requests currently on a pipeline thread are registered (at most the pipeline's
 * parallelism), so the scan is short.
 */
final class LbaRangeLock {

    /** One registered request: [from, to) of the medium, in bytes. */
    static final class Hold {
        private final long from;
        private final long to;
        private final boolean exclusive;

        private Hold(long from, long to, boolean exclusive) {
            this.from = from;
            this.to = to;
            this.exclusive = exclusive;
        }

        private boolean conflictsWith(Hold other) {
            return (exclusive || other.exclusive) && from < to && other.from < other.to
                    && from < other.to && other.from < to;
        }
    }

    private final List<Hold> holds = new ArrayList<>();

    /**
     * Blocks until no earlier overlapping request conflicts with this one.
     *
     * @param length bytes from {@code from}; an empty range conflicts with nothing
     * @throws InterruptedIOException if the thread is interrupted while waiting (nothing is held then)
     */
    Hold acquire(long from, long length, boolean exclusive) throws IOException {
        Hold hold = new Hold(from, from + length, exclusive);
        synchronized (this) {
            holds.add(hold);
            try {
                while (blocked(hold)) {
                    wait();
                }
            } catch (InterruptedException e) {
                holds.remove(hold);
                notifyAll();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the range lock");
            }
        }
        return hold;
    }

    /** Takes the range only if nothing registered conflicts with it now; null otherwise (nothing is held then). */
    Hold tryAcquire(long from, long length, boolean exclusive) {
        Hold hold = new Hold(from, from + length, exclusive);
        synchronized (this) {
            for (Hold earlier : holds) {
                if (earlier.conflictsWith(hold)) {
                    return null;
                }
            }
            holds.add(hold);
        }
        return hold;
    }

    void release(Hold hold) {
        synchronized (this) {
            holds.remove(hold);
            notifyAll();
        }
    }

    /** Requests registered (granted or waiting); for tests. */
    synchronized int registered() {
        return holds.size();
    }

    private boolean blocked(Hold hold) {
        for (Hold earlier : holds) {
            if (earlier == hold) {
                return false;
            }
            if (earlier.conflictsWith(hold)) {
                return true;
            }
        }
        return false;
    }
}
