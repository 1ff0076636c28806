package io.pagewire.actors.pool;

import java.nio.ByteBuffer;

/**
 * The fixed off-heap memory behind the pool, allocated once at start and split into equal pages.
 * Never grows: exhaustion makes leases wait, it never allocates more.
 */
final class PageArena {
    private final Page[] pages;
    private final int pageSize;

    PageArena(int pageSize, int pageCount) {
        if (pageSize < 4096 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two >= 4096, got " + pageSize);
        }
        if (pageCount < 1) {
            throw new IllegalArgumentException("page count must be positive, got " + pageCount);
        }
        this.pageSize = pageSize;
        this.pages = new Page[pageCount];
        // One direct buffer per chunk of pages keeps every chunk under ByteBuffer's 2 GiB limit.
        int pagesPerChunk = Math.max(1, (1 << 30) / pageSize);
        for (int first = 0; first < pageCount; first += pagesPerChunk) {
            int count = Math.min(pagesPerChunk, pageCount - first);
            ByteBuffer chunk = ByteBuffer.allocateDirect(count * pageSize);
            for (int i = 0; i < count; i++) {
                ByteBuffer memory = chunk.duplicate().position(i * pageSize).limit((i + 1) * pageSize).slice();
                pages[first + i] = new Page(first + i, memory);
            }
        }
    }

    Page page(int index) {
        return pages[index];
    }

    int pageCount() {
        return pages.length;
    }

    int pageSize() {
        return pageSize;
    }
}
