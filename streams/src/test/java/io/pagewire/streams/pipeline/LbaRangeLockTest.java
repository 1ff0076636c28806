package io.pagewire.streams.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who waits for whom in a logical unit's range lock. */
class LbaRangeLockTest {

    private final LbaRangeLock lock = new LbaRangeLock();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private CompletableFuture<LbaRangeLock.Hold> acquireAsync(long from, long length, boolean exclusive) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return lock.acquire(from, length, exclusive);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    /** Bounded polling until {@code n} requests are registered (granted or waiting). */
    private void awaitRegistered(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lock.registered() != n) {
            assertTrue(System.nanoTime() < deadline, "registered " + lock.registered() + ", expected " + n);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void sharedHoldersOverlapFreely() throws Exception {
        LbaRangeLock.Hold a = lock.acquire(0, 4096, false);
        LbaRangeLock.Hold b = lock.acquire(0, 4096, false);
        assertEquals(2, lock.registered());
        lock.release(a);
        lock.release(b);
        assertEquals(0, lock.registered());
    }

    @Test
    void exclusiveHolderBlocksOverlappingButNotDisjointRequests() throws Exception {
        LbaRangeLock.Hold caw = lock.acquire(4096, 512, true);
        LbaRangeLock.Hold disjoint = lock.acquire(0, 4096, false); // ends where the exclusive range begins
        CompletableFuture<LbaRangeLock.Hold> write = acquireAsync(4096 + 511, 1, false);
        awaitRegistered(3);
        assertFalse(write.isDone(), "an overlapping write waits for the exclusive holder");
        lock.release(caw);
        lock.release(write.get(10, TimeUnit.SECONDS));
        lock.release(disjoint);
        assertEquals(0, lock.registered());
    }

    @Test
    void exclusiveWaitsForEarlierSharedAndLaterSharedWaitsBehindIt() throws Exception {
        LbaRangeLock.Hold read = lock.acquire(0, 8192, false);
        CompletableFuture<LbaRangeLock.Hold> caw = acquireAsync(4096, 512, true);
        awaitRegistered(2);
        CompletableFuture<LbaRangeLock.Hold> laterWrite = acquireAsync(4096, 4096, false);
        awaitRegistered(3);
        assertFalse(caw.isDone());
        assertFalse(laterWrite.isDone(), "first come, first served: no overtaking a waiting exclusive request");
        lock.release(read);
        LbaRangeLock.Hold granted = caw.get(10, TimeUnit.SECONDS);
        assertFalse(laterWrite.isDone());
        lock.release(granted);
        lock.release(laterWrite.get(10, TimeUnit.SECONDS));
        assertEquals(0, lock.registered());
    }

    @Test
    void emptyRangesConflictWithNothing() throws Exception {
        LbaRangeLock.Hold caw = lock.acquire(0, 4096, true);
        LbaRangeLock.Hold empty = lock.acquire(100, 0, true);
        lock.release(empty);
        lock.release(caw);
    }
}
