package io.pagewire.actors.pool;

/**
 * Where a page goes when the buffer that carried it is deallocated. The PagePool's implementation
 * counts the hand-over ({@link HandedPages}) and sends the pool the release; neither may do more.
 */
public interface PageReturn {

    /**
     * A {@link PageBuf} was just made over {@code page}: from now on it is the transport's. Called
     * on the thread that builds the Data-In (the session actor).
     */
    default void handedToTransport(Page page) {
    }

    /**
     * The transport released the last reference to the buffer over {@code page}; {@code handedNanos}
     * is the {@link System#nanoTime()} of {@link #handedToTransport}; {@code zeroCopy} says whether
     * the page went out in a zero-copy send (then this is after the kernel's notification). Called on
     * whatever thread released it (usually a Netty event loop).
     */
    void returned(Page page, long handedNanos, boolean zeroCopy);
}
