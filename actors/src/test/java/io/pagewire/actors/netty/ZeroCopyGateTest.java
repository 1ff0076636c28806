package io.pagewire.actors.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PageBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The budget side of the gate, on an embedded channel (which ignores the io_uring option): payload
 * bytes are taken when written and come back only when their page is deallocated.
 */
class ZeroCopyGateTest {
    private static final int PAGE = 128 << 10;
    private static final int THRESHOLD = 64 << 10;

    /** Page index → whether it came back from a zero-copy send, in return order. */
    private final List<Map.Entry<Integer, Boolean>> returned = new ArrayList<>();

    private PageBuf page(int index) {
        return new PageBuf(new Page(index, ByteBuffer.allocateDirect(PAGE)), PAGE,
                (page, handedNanos, zeroCopy) -> returned.add(Map.entry(page.index(), zeroCopy)));
    }

    @Test
    void pagePayloadsHoldBudgetUntilTheirPageReturns() {
        ZeroCopyBudget budget = new ZeroCopyBudget(1 << 20);
        ZeroCopyGate gate = new ZeroCopyGate(budget, THRESHOLD);
        EmbeddedChannel channel = new EmbeddedChannel(gate);
        assertTrue(gate.zeroCopyOn());
        PageBuf page = page(0);
        channel.writeAndFlush(page.retainedSlice(0, THRESHOLD));
        // below the threshold, but a SENDMSG_ZC gathering it with the first would pin it as well
        channel.writeAndFlush(page.retainedSlice(THRESHOLD, THRESHOLD - 1));
        channel.writeAndFlush(Unpooled.buffer(48).writeZero(48)); // a header, not a page
        page.release();
        assertEquals(2 * THRESHOLD - 1, budget.inFlightBytes());
        releaseAll(channel);
        assertEquals(0, budget.inFlightBytes());
        assertEquals(List.of(Map.entry(0, true)), returned, "the page came back from a zero-copy send");
        assertEquals(2, budget.zeroCopySends());
        assertFalse(channel.finish());
    }

    @Test
    void aPayloadOverBudgetTurnsZeroCopyOffUntilNothingIsQueued() {
        ZeroCopyBudget budget = new ZeroCopyBudget(PAGE);
        ZeroCopyGate gate = new ZeroCopyGate(budget, THRESHOLD);
        EmbeddedChannel channel = new EmbeddedChannel(gate);
        PageBuf first = page(0);
        PageBuf second = page(1);
        channel.writeAndFlush(first);
        channel.writeAndFlush(second);
        assertFalse(gate.zeroCopyOn(), "the second page did not fit");
        assertEquals(PAGE, budget.inFlightBytes());
        assertEquals(1, budget.plainFallbacks());
        releaseAll(channel);
        assertEquals(0, budget.inFlightBytes());
        PageBuf third = page(2);
        channel.writeAndFlush(third);
        assertTrue(gate.zeroCopyOn(), "budget free and nothing queued: zero-copy again");
        assertEquals(PAGE, budget.inFlightBytes());
        releaseAll(channel);
        assertEquals(0, budget.inFlightBytes());
        assertEquals(List.of(Map.entry(0, true), Map.entry(1, false), Map.entry(2, true)), returned,
                "only the page over budget went as a plain send");
    }

    private static void releaseAll(EmbeddedChannel channel) {
        for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            ((ByteBuf) written).release();
        }
    }
}
