package io.pagewire.actors.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZeroCopyBudgetTest {
    private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units     ";

    @Test
    void readsTheSoftMemlockLimit() {
        assertEquals(8388608, ZeroCopyBudget.memlockLimit(List.of(HEADER,
                "Max locked memory         8388608              16777216             bytes     ")));
    }

    @Test
    void unlimitedMemlockIsAnUnlimitedBudget() {
        assertEquals(Long.MAX_VALUE, ZeroCopyBudget.memlockLimit(List.of(HEADER,
                "Max locked memory         unlimited            unlimited            bytes     ")));
    }

    @Test
    void noMemlockLineMeansNoBudget() {
        assertEquals(0, ZeroCopyBudget.memlockLimit(List.of(HEADER)));
    }

    @Test
    void payloadsThatDoNotFitAreRefusedUntilBytesComeBack() {
        ZeroCopyBudget budget = new ZeroCopyBudget(256 << 10);
        assertTrue(budget.tryAcquire(128 << 10));
        assertTrue(budget.tryAcquire(128 << 10));
        assertFalse(budget.tryAcquire(1));
        assertEquals(256 << 10, budget.inFlightBytes());
        budget.release(128 << 10);
        assertTrue(budget.tryAcquire(128 << 10));
        assertEquals(3, budget.zeroCopySends());
        assertEquals(1, budget.plainFallbacks());
    }
}
