package io.pagewire.actors.pool;

/**
 * Where a page goes when the buffer that carried it is deallocated. The PagePool's implementation
 * sends it a {@link PagePool.Release} message; called on whatever thread released the last
 * reference (usually a Netty event loop), so it must only send a message.
 */
@FunctionalInterface
public interface PageReturn {
    void returned(Page page);
}
