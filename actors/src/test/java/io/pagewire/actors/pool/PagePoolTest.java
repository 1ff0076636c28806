package io.pagewire.actors.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestKitJUnit5Extension.class)
class PagePoolTest {
    private static final int PAGE = 4096;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    private ActorRef<PagePool.Command> pool(int pages) {
        return pool(new PagePool.Info(PAGE, pages));
    }

    private ActorRef<PagePool.Command> pool(PagePool.Info info) {
        return testKit.spawn(PagePool.create(info));
    }

    private PoolStats stats(ActorRef<PagePool.Command> pool) {
        TestProbe<PoolStats> probe = testKit.createTestProbe();
        pool.tell(new PagePool.GetStats(probe.getRef()));
        return probe.receiveMessage();
    }

    private PagePool.Leased lease(ActorRef<PagePool.Command> pool, TestProbe<PagePool.LeaseReply> probe, int pages, long tag) {
        pool.tell(new PagePool.Lease(pages, tag, probe.getRef()));
        return (PagePool.Leased) probe.receiveMessage();
    }

    @Test
    void leasesDistinctPagesOfThePageSize() {
        ActorRef<PagePool.Command> pool = pool(8);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        PagePool.Leased a = lease(pool, probe, 3, 1);
        PagePool.Leased b = lease(pool, probe, 5, 2);
        assertEquals(1, a.tag());
        assertEquals(2, b.tag());
        Set<Integer> indexes = new HashSet<>();
        for (Page page : a.pages()) {
            indexes.add(page.index());
            assertEquals(PAGE, page.size());
            assertTrue(page.memory().isDirect());
        }
        b.pages().forEach(page -> indexes.add(page.index()));
        assertEquals(8, indexes.size());
        PoolStats stats = stats(pool);
        assertEquals(0, stats.freePages());
        assertEquals(8, stats.outstanding());
    }

    @Test
    void exhaustionMakesTheLeaseWaitUntilPagesReturn() {
        ActorRef<PagePool.Command> pool = pool(4);
        TestProbe<PagePool.LeaseReply> first = testKit.createTestProbe();
        TestProbe<PagePool.LeaseReply> second = testKit.createTestProbe();
        PagePool.Leased held = lease(pool, first, 4, 1);
        pool.tell(new PagePool.Lease(2, 7, second.getRef()));
        second.expectNoMessage(Duration.ofMillis(200));
        assertEquals(1, stats(pool).waitingLeases());

        pool.tell(new PagePool.Release(held.pages().get(0), PagePool.ReleaseKind.TRANSPORT));
        second.expectNoMessage(Duration.ofMillis(100)); // one free page is not enough for two
        pool.tell(new PagePool.Release(held.pages().get(1), PagePool.ReleaseKind.HANDLER));
        PagePool.Leased granted = (PagePool.Leased) second.receiveMessage();
        assertEquals(7, granted.tag());
        assertEquals(2, granted.pages().size());
        PoolStats stats = stats(pool);
        assertEquals(1, stats.leasesThatWaited());
        assertEquals(0, stats.waitingLeases());
        assertEquals(1L, stats.releases().get(PagePool.ReleaseKind.TRANSPORT));
        assertEquals(1L, stats.releases().get(PagePool.ReleaseKind.HANDLER));
    }

    @Test
    void waitingLeasesAreServedInArrivalOrder() {
        ActorRef<PagePool.Command> pool = pool(2);
        TestProbe<PagePool.LeaseReply> holder = testKit.createTestProbe();
        TestProbe<PagePool.LeaseReply> big = testKit.createTestProbe();
        TestProbe<PagePool.LeaseReply> small = testKit.createTestProbe();
        PagePool.Leased held = lease(pool, holder, 2, 1);
        pool.tell(new PagePool.Lease(2, 2, big.getRef()));
        pool.tell(new PagePool.Lease(1, 3, small.getRef()));
        pool.tell(new PagePool.Release(held.pages().get(0), PagePool.ReleaseKind.TRANSPORT));
        // The small lease could be served now, but it arrived after the big one: no overtaking.
        small.expectNoMessage(Duration.ofMillis(200));
        pool.tell(new PagePool.Release(held.pages().get(1), PagePool.ReleaseKind.TRANSPORT));
        assertEquals(2, ((PagePool.Leased) big.receiveMessage()).pages().size());
        small.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aLeaseLargerThanTheArenaIsRefused() {
        ActorRef<PagePool.Command> pool = pool(2);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        pool.tell(new PagePool.Lease(3, 9, probe.getRef()));
        PagePool.Refused refused = (PagePool.Refused) probe.receiveMessage();
        assertEquals(9, refused.tag());
        assertEquals(2, refused.total());
    }

    @Test
    void aDoubleReleaseIsCountedAndDoesNotFreeThePageTwice() {
        ActorRef<PagePool.Command> pool = pool(2);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        Page page = lease(pool, probe, 1, 1).pages().get(0);
        pool.tell(new PagePool.Release(page, PagePool.ReleaseKind.TRANSPORT));
        pool.tell(new PagePool.Release(page, PagePool.ReleaseKind.TRANSPORT));
        PoolStats stats = stats(pool);
        assertEquals(1, stats.doubleReleases());
        assertEquals(2, stats.freePages());
    }

    @Test
    void aLeasedReplyThatReachesNoOneComesBackToThePool() {
        ActorRef<PagePool.Command> pool = pool(4);
        ActorRef<PagePool.LeaseReply> gone = testKit.spawn(Behaviors.<PagePool.LeaseReply>stopped());
        TestProbe<Object> watcher = testKit.createTestProbe();
        watcher.expectTerminated(gone, Duration.ofSeconds(3));
        pool.tell(new PagePool.Lease(3, 1, gone));
        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(5), () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            PoolStats s = stats.receiveMessage();
            assertEquals(4, s.freePages());
            assertEquals(3L, s.releases().get(PagePool.ReleaseKind.UNDELIVERED));
            return null;
        });
    }

    /**
     * A session that stops with a Leased reply still in its mailbox: the reply came through the
     * session's message adapter, so the dead letter is the adapter's envelope around it.
     */
    @Test
    void aLeasedReplyStrandedInAStoppingActorsMailboxComesBackToThePool() {
        ActorRef<PagePool.Command> pool = pool(4);
        awaitDeadLetterSubscription(pool);
        TestProbe<PagePool.LeaseReply> holder = testKit.createTestProbe();
        PagePool.Leased leased = lease(pool, holder, 3, 1);
        // Hands the reply it gets to its own message adapter and stops in the same step, so the
        // adapted reply is in the mailbox when the actor stops.
        ActorRef<PagePool.LeaseReply> stopping = testKit.spawn(Behaviors.setup(ctx -> {
            ActorRef<PagePool.LeaseReply> adapter = ctx.messageAdapter(PagePool.LeaseReply.class, reply -> reply);
            return Behaviors.receiveMessage(reply -> {
                adapter.tell(reply);
                return Behaviors.stopped();
            });
        }));
        stopping.tell(leased);
        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(5), () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            PoolStats s = stats.receiveMessage();
            assertEquals(4, s.freePages(), s::summary);
            assertEquals(1L + 3L, s.releases().get(PagePool.ReleaseKind.UNDELIVERED));
            return null;
        });
    }

    /**
     * Sends one lease to an actor that is already gone and waits until the pool has it back, so
     * the test after it starts from a pool that is known to hear dead letters.
     */
    private void awaitDeadLetterSubscription(ActorRef<PagePool.Command> pool) {
        ActorRef<PagePool.LeaseReply> gone = testKit.spawn(Behaviors.<PagePool.LeaseReply>stopped());
        testKit.createTestProbe().expectTerminated(gone, Duration.ofSeconds(3));
        pool.tell(new PagePool.Lease(1, 0, gone));
        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(5), () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            assertEquals(1L, stats.receiveMessage().releases().get(PagePool.ReleaseKind.UNDELIVERED));
            return null;
        });
    }

    @Test
    void aPageBufReturnsItsPageOnlyWhenTheLastSliceIsReleased() {
        ActorRef<PagePool.Command> pool = pool(2);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        Page page = lease(pool, probe, 1, 1).pages().get(0);
        PageBuf buf = new PageBuf(page, 1000, PagePool.returnTo(pool, new HandedPages()));
        ByteBuf first = buf.retainedSlice(0, 500);
        ByteBuf second = buf.retainedSlice(500, 500);
        buf.release();
        first.release();
        assertEquals(1, stats(pool).freePages());
        second.release();
        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(3), () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            assertEquals(2, stats.receiveMessage().freePages());
            return null;
        });
    }

    @Test
    void thePoolCountsPagesInFlightAndTimesThemFromSendToRelease() {
        PagePool.Info info = new PagePool.Info(PAGE, 4);
        ActorRef<PagePool.Command> pool = pool(info);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        List<Page> pages = lease(pool, probe, 3, 1).pages();
        PageBuf sent = new PageBuf(pages.get(0), 100, PagePool.returnTo(pool, info.handed()));
        PoolStats during = stats(pool);
        assertEquals(3, during.outstanding());
        assertEquals(1, during.inFlight(), "one page handed to the transport");
        assertEquals(2, during.leased(), "two still with their holder");
        assertEquals(1, during.handedToTransport());
        sent.release();
        pool.tell(new PagePool.ReleaseAll(pages.subList(1, 3), PagePool.ReleaseKind.UNUSED));
        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(Duration.ofSeconds(3), () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            PoolStats after = stats.receiveMessage();
            assertEquals(0, after.outstanding());
            assertEquals(0, after.inFlight());
            assertEquals(1, after.timedReleases(), "the TRANSPORT release is in the histogram, UNUSED ones are not");
            assertEquals(1L, after.releases().get(PagePool.ReleaseKind.TRANSPORT));
            assertEquals(2L, after.releases().get(PagePool.ReleaseKind.UNUSED));
            assertEquals(0, after.zeroCopySends());
            assertEquals(0, after.kernelCopied());
            return null;
        });
    }

    @Test
    void aPageBufCarriesTheArenaMemoryItself() {
        ActorRef<PagePool.Command> pool = pool(1);
        TestProbe<PagePool.LeaseReply> probe = testKit.createTestProbe();
        Page page = lease(pool, probe, 1, 1).pages().get(0);
        page.view(4).putInt(0, 0xCAFEBABE);
        PageBuf buf = new PageBuf(page, 4, PagePool.returnTo(pool, new HandedPages()));
        assertEquals(0xCAFEBABE, buf.getInt(0));
        page.view(4).putInt(0, 0x12345678); // no copy: the buffer sees the page change
        assertEquals(0x12345678, buf.getInt(0));
        assertNotEquals(0, buf.refCnt());
        buf.release();
    }

    @Test
    void aReserveComesOnlyFromAMostlyFreeArenaAndNeverWaits() {
        ActorRef<PagePool.Command> pool = pool(8);
        TestProbe<PagePool.LeaseReply> session = testKit.createTestProbe();
        pool.tell(new PagePool.LeaseReserve(2, -1, session.getRef()));
        PagePool.Leased reserve = (PagePool.Leased) session.receiveMessage();
        assertEquals(2, reserve.pages().size());
        // 6 free: a reserve may take the arena down to half (4 free), no further
        pool.tell(new PagePool.LeaseReserve(3, -1, session.getRef()));
        assertEquals(2, ((PagePool.Leased) session.receiveMessage()).pages().size());
        pool.tell(new PagePool.LeaseReserve(1, -1, session.getRef()));
        assertEquals(List.of(), ((PagePool.Leased) session.receiveMessage()).pages()); // empty, not queued
        assertEquals(0, stats(pool).waitingLeases());
        assertEquals(4, stats(pool).outstanding());
    }

    @Test
    void aLeaseThatMustWaitRecallsTheReservesAndGetsTheirPages() {
        ActorRef<PagePool.Command> pool = pool(4);
        TestProbe<PagePool.LeaseReply> holder = testKit.createTestProbe();
        TestProbe<PagePool.LeaseReply> other = testKit.createTestProbe();
        pool.tell(new PagePool.LeaseReserve(2, -1, holder.getRef()));
        PagePool.Leased reserve = (PagePool.Leased) holder.receiveMessage();
        assertEquals(2, reserve.pages().size());
        pool.tell(new PagePool.Lease(3, 5, other.getRef()));
        assertEquals(new PagePool.RecallReserve(-1), holder.receiveMessage());
        other.expectNoMessage(Duration.ofMillis(100)); // 2 free, 3 asked: waits for the reserve
        pool.tell(new PagePool.ReserveReturned(reserve.pages(), holder.getRef()));
        PagePool.Leased granted = (PagePool.Leased) other.receiveMessage();
        assertEquals(3, granted.pages().size());
        // the holder was forgotten: a later wait recalls nothing from it
        pool.tell(new PagePool.Lease(2, 6, other.getRef()));
        holder.expectNoMessage(Duration.ofMillis(100));
        PoolStats stats = stats(pool);
        assertEquals(0, stats.doubleReleases());
        assertEquals(2L, stats.releases().get(PagePool.ReleaseKind.UNUSED));
    }
}
