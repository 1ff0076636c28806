package io.pagewire.actors.pool;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many pages were ever handed to the transport: counted by each {@link PageBuf} as it is made (on
 * its session's thread), read by the {@link PagePool} for its statistics (in flight = handed − those
 * whose TRANSPORT release arrived). A count, not a message: handing a page over changes no owner the
 * pool must know of (the page stays out of the pool either way), and a message per page woke the
 * pool's thread once more per READ (about 10 µs of a 4 KiB read at queue depth 1 on 2 cores).
 */
public final class HandedPages {
    private final LongAdder handed = new LongAdder();

    void handed() {
        handed.increment();
    }

    long total() {
        return handed.sum();
    }
}
