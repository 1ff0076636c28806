package io.pagewire.actors.pool;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.util.Objects;

/**
 * A Netty buffer over an arena page, the way a page travels to the socket. Netty releases it when
 * the transport is done with it (write completed, or with zero-copy sends the kernel's notification
 * arrived); {@link #deallocate()} is that moment, and only then is the page handed back to the pool.
 * Data-In PDUs carry retained slices of it, so the page returns after the last slice is released.
 */
public final class PageBuf extends UnpooledDirectByteBuf {
    private final Page page;
    private final PageReturn pageReturn;
    private final long handedNanos;

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

    @Override
    protected void deallocate() {
        super.deallocate(); // the arena's memory is never freed here: the wrapped buffer is not ours to free
        pageReturn.returned(page, handedNanos);
    }
}
