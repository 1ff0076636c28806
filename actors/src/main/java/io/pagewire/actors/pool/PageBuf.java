package io.pagewire.actors.pool;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * A Netty buffer over an arena page, the way a page travels to the socket. Netty releases it when
 * the transport is done with it (write completed, or with zero-copy sends the kernel's notification
 * arrived); {@link #deallocate()} is that moment, and only then is the page handed back to the pool.
 * Data-In PDUs carry retained slices of it, so the page returns after the last slice is released.
 * For io_uring zero-copy sends Netty holds an extra reference from the first completion (flag
 * IORING_CQE_F_MORE) to the notification completion (IORING_CQE_F_NOTIF) — see "Who owns a page" in
 * the README for where in Netty.
 */
public final class PageBuf extends UnpooledDirectByteBuf {
    private final Page page;
    private final PageReturn pageReturn;
    private final long handedNanos;
    private volatile long pinnedBytes;
    private volatile LongConsumer unpin;

    /** Wraps the first {@code length} bytes of {@code page}; the new buffer holds one reference. */
    public PageBuf(Page page, int length, PageReturn pageReturn) {
        super(ByteBufAllocator.DEFAULT, page.view(length), length);
        this.page = page;
        this.pageReturn = Objects.requireNonNull(pageReturn, "pageReturn");
        this.handedNanos = System.nanoTime();
        pageReturn.handedToTransport(page);
    }

    public Page page() {
        return page;
    }

    /**
     * Records that {@code bytes} of this page went into a zero-copy send; {@code unpin} gets the sum
     * back at {@link #deallocate()}, when the kernel no longer holds the page. Called on the event
     * loop of the one channel the page is written to.
     */
    public void pinned(int bytes, LongConsumer unpin) {
        this.unpin = unpin;
        pinnedBytes += bytes;
    }

    @Override
    protected void deallocate() {
        super.deallocate(); // the arena's memory is never freed here: the wrapped buffer is not ours to free
        LongConsumer u = unpin;
        if (u != null) {
            u.accept(pinnedBytes);
        }
        pageReturn.returned(page, handedNanos, u != null);
    }
}
