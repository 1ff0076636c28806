package io.pagewire.actors.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.WrappedMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The single owner of every payload page. Pages leave it only in a {@link Leased} reply and come
 * back only in a {@link Release}; the pool's free set is the truth about which pages may be
 * written. Leases are granted first come, first served and wait when the arena is exhausted; the
 * pool never allocates more memory.
 *
 * <p>A {@link Leased} reply that reaches no one (its session stopped before reading it) comes back
 * through the dead-letter stream and is reclaimed, so a dying session cannot strand pages.
 */
public final class PagePool extends AbstractBehavior<PagePool.Command> {

    public sealed interface Command {
    }

    /**
     * Asks for {@code pages} pages, all at once; the reply may wait until enough are free. The
     * {@code tag} comes back in the reply so one requester can have several leases pending.
     */
    public record Lease(int pages, long tag, ActorRef<LeaseReply> replyTo) implements Command {
        public Lease {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /**
     * Asks for up to {@code pages} pages a session keeps at hand for its next small commands, so that
     * they start without a round trip to this pool. Granted at once and only while most of the arena is
     * free; otherwise the {@link Leased} reply is empty. It never waits: a reserve must not hold pages
     * others wait for. Holders are sent {@link RecallReserve} when a lease has to wait.
     */
    public record LeaseReserve(int pages, long tag, ActorRef<LeaseReply> replyTo) implements Command {
        public LeaseReserve {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /**
     * Gives a page back. Sent by whoever holds it last: the transport (via {@link PageBuf}) or the
     * session. {@code handedNanos} is when the page was handed to the transport ({@link #NOT_HANDED}
     * if it never was); the pool records the time from there to this release.
     */
    public record Release(Page page, ReleaseKind kind, long handedNanos, boolean zeroCopy) implements Command {
        public static final long NOT_HANDED = Long.MIN_VALUE;

        public Release(Page page, ReleaseKind kind) {
            this(page, kind, NOT_HANDED, false);
        }
    }

    /**
     * A session gives back the unused pages of its reserve (after {@link RecallReserve}, or as it
     * stops) and is no longer a holder.
     */
    public record ReserveReturned(List<Page> pages, ActorRef<LeaseReply> holder) implements Command {
        public ReserveReturned {
            pages = List.copyOf(pages);
        }
    }

    /** Gives several pages back at once (unused or written pages from one command). */
    public record ReleaseAll(List<Page> pages, ReleaseKind kind) implements Command {
        public ReleaseAll {
            pages = List.copyOf(pages);
        }
    }

    /** One connection's {@link io.pagewire.actors.netty.PayloadAudit}: bytes sent from pages, and all others. */
    public record PayloadsAudited(long pageBytes, long otherBytes) implements Command {
    }

    public record GetStats(ActorRef<PoolStats> replyTo) implements Command {
    }

    private record Undelivered(DeadLetter deadLetter) implements Command {
    }

    public sealed interface LeaseReply {
        long tag();
    }

    /** The pages now belong to the receiver until it (or the transport it hands them to) releases them. */
    public record Leased(long tag, List<Page> pages) implements LeaseReply {
        public Leased {
            pages = List.copyOf(pages);
        }
    }

    /** The request can never be granted (more pages than the arena has). */
    public record Refused(long tag, int requested, int total) implements LeaseReply {
    }

    /**
     * A lease is waiting: give back the pages of your reserve that no command holds yet
     * ({@link ReleaseKind#UNUSED}), and ask again later. {@code tag} is that of the reserve's lease.
     */
    public record RecallReserve(long tag) implements LeaseReply {
    }

    /** Why a page came back, for the statistics. */
    public enum ReleaseKind {
        /** The transport finished writing the buffer that carried it. */
        TRANSPORT,
        /** A device handler finished writing the data it held. */
        HANDLER,
        /** It was leased but never carried data (error path, aborted task, stopped session). */
        UNUSED,
        /** Its Leased reply reached no one. */
        UNDELIVERED
    }

    private record Waiter(Lease lease, long sinceNanos) {
    }

    private static final int MAX_RESERVE_HOLDERS = 4096;

    private final ActorContext<Command> context;
    private final PageArena arena;
    private final BitSet free;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Who got reserve pages since the last recall, with the tag of their reserve lease. */
    private final Map<ActorRef<LeaseReply>, Long> reserveHolders = new java.util.HashMap<>();
    private final Map<ReleaseKind, Long> releases = new EnumMap<>(ReleaseKind.class);
    private long leases;
    private long leasesThatWaited;
    private long waitNanos;
    private long doubleReleases;
    private final HandedPages handed;
    /** TRANSPORT releases of pages that had been handed over (handed − this = in flight). */
    private long returnedFromTransport;
    private long zeroCopySends;
    private long auditedPageBytes;
    private long auditedOtherBytes;
    private final long[] sendToReleaseMicros = new long[PoolStats.HISTOGRAM_BUCKETS];

    public static Behavior<Command> create(int pageSize, int pageCount) {
        return create(new Info(pageSize, pageCount));
    }

    /** The pool {@code info} describes; sessions given the same {@code info} count their hand-overs in it. */
    public static Behavior<Command> create(Info info) {
        return Behaviors.setup(ctx -> new PagePool(ctx, new PageArena(info.pageSize(), info.pageCount()),
                info.handed()));
    }

    private PagePool(ActorContext<Command> context, PageArena arena, HandedPages handed) {
        super(context);
        this.handed = handed;
        this.context = context;
        this.arena = arena;
        this.free = new BitSet(arena.pageCount());
        this.free.set(0, arena.pageCount());
        // The classic event stream subscribes at once (the typed Subscribe is a message, in effect
        // only later): from the pool's first message on, no stranded Leased reply can be missed.
        ActorRef<DeadLetter> deadLetters = context.messageAdapter(DeadLetter.class, Undelivered::new);
        Adapter.toClassic(context.getSystem()).getEventStream().subscribe(Adapter.toClassic(deadLetters), DeadLetter.class);
        for (ReleaseKind kind : ReleaseKind.values()) {
            releases.put(kind, 0L);
        }
    }

    /**
     * The callbacks of a {@link PageBuf}: a hand-over is counted in {@code handed} (the pool's, from its
     * {@link Info}); when the transport lets go of the page this pool is sent a {@link Release}. Safe
     * to call from any thread.
     */
    public static PageReturn returnTo(ActorRef<Command> pool, HandedPages handed) {
        if (Boolean.getBoolean(TEST_RELEASE_ON_WRITE_FUTURE)) {
            return new EarlyReturn(pool, handed);
        }
        return new TransportReturn(pool, handed);
    }

    /**
     * TEST ONLY. When this system property is {@code true} as a session starts, that session's
     * pages go back to the pool the moment they are handed to the transport — when the write is
     * issued and its future exists — instead of when the transport releases the buffer. That is the
     * bug the pool exists to prevent; the ownership tests switch it on to prove they detect it.
     * Read once per session by {@link #returnTo}; never set it in production.
     */
    public static final String TEST_RELEASE_ON_WRITE_FUTURE = "pagewire.test.release-on-write-future";

    private record TransportReturn(ActorRef<Command> pool, HandedPages handed) implements PageReturn {
        @Override
        public void handedToTransport(Page page) {
            handed.handed();
        }

        @Override
        public void returned(Page page, long handedNanos, boolean zeroCopy) {
            pool.tell(new Release(page, ReleaseKind.TRANSPORT, handedNanos, zeroCopy));
        }
    }

    /** See {@link #TEST_RELEASE_ON_WRITE_FUTURE}: releases too early, on purpose. */
    private record EarlyReturn(ActorRef<Command> pool, HandedPages handed) implements PageReturn {
        @Override
        public void handedToTransport(Page page) {
            handed.handed();
            pool.tell(new Release(page, ReleaseKind.TRANSPORT, System.nanoTime(), false));
        }

        @Override
        public void returned(Page page, long handedNanos, boolean zeroCopy) {
            // already back in the pool (and perhaps in someone else's hands)
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Lease.class, this::onLease)
                .onMessage(LeaseReserve.class, this::onLeaseReserve)
                .onMessage(Release.class, this::onRelease)
                .onMessage(ReleaseAll.class, this::onReleaseAll)
                .onMessage(ReserveReturned.class, this::onReserveReturned)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(PayloadsAudited.class, this::onPayloadsAudited)
                .onMessage(Undelivered.class, this::onUndelivered)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onLease(Lease lease) {
        if (lease.pages() < 1 || lease.pages() > arena.pageCount()) {
            lease.replyTo().tell(new Refused(lease.tag(), lease.pages(), arena.pageCount()));
            return this;
        }
        if (waiting.isEmpty() && free.cardinality() >= lease.pages()) {
            grant(lease);
        } else {
            waiting.add(new Waiter(lease, System.nanoTime()));
            recallReserves();
        }
        return this;
    }

    /** Only from a mostly free arena, never queued: see {@link LeaseReserve}. */
    private Behavior<Command> onLeaseReserve(LeaseReserve reserve) {
        int granted = Math.min(Math.max(0, reserve.pages()), free.cardinality() - arena.pageCount() / 2);
        if (!waiting.isEmpty() || granted < 1) {
            reserve.replyTo().tell(new Leased(reserve.tag(), List.of()));
            return this;
        }
        grant(new Lease(granted, reserve.tag(), reserve.replyTo()));
        if (reserveHolders.size() >= MAX_RESERVE_HOLDERS) {
            recallReserves(); // bounds the bookkeeping of holders that stopped without a word
        }
        reserveHolders.put(reserve.replyTo(), reserve.tag());
        return this;
    }

    private void recallReserves() {
        reserveHolders.forEach((holder, tag) -> holder.tell(new RecallReserve(tag)));
        reserveHolders.clear();
    }

    private Behavior<Command> onRelease(Release release) {
        if (giveBack(release.page(), release.kind()) && release.handedNanos() != Release.NOT_HANDED) {
            returnedFromTransport++;
            if (release.zeroCopy()) {
                zeroCopySends++;
            }
            long micros = Math.max(0, (System.nanoTime() - release.handedNanos()) / 1000);
            sendToReleaseMicros[Math.min(PoolStats.HISTOGRAM_BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros | 1))]++;
        }
        grantWaiting();
        return this;
    }

    private Behavior<Command> onReleaseAll(ReleaseAll release) {
        for (Page page : release.pages()) {
            giveBack(page, release.kind());
        }
        grantWaiting();
        return this;
    }

    private Behavior<Command> onReserveReturned(ReserveReturned returned) {
        reserveHolders.remove(returned.holder());
        for (Page page : returned.pages()) {
            giveBack(page, ReleaseKind.UNUSED);
        }
        grantWaiting();
        return this;
    }

    /**
     * A reply sent through a message adapter comes back bare when the adapter's actor had already
     * stopped, but inside the adapter's envelope when it was queued in the mailbox of an actor that
     * then stopped (a session stopping on ConnectionClosed with the reply behind it);
     * {@link WrappedMessage#unwrap} finds the reply in both.
     */
    private Behavior<Command> onUndelivered(Undelivered undelivered) {
        if (WrappedMessage.unwrap(undelivered.deadLetter().message()) instanceof Leased leased) {
            for (Page page : leased.pages()) {
                giveBack(page, ReleaseKind.UNDELIVERED);
            }
            grantWaiting();
        }
        return this;
    }

    private Behavior<Command> onPayloadsAudited(PayloadsAudited audited) {
        auditedPageBytes += audited.pageBytes();
        auditedOtherBytes += audited.otherBytes();
        return this;
    }

    private Behavior<Command> onGetStats(GetStats request) {
        request.replyTo().tell(stats());
        return this;
    }

    private Behavior<Command> onPostStop() {
        context.getLog().info("PagePool at stop: {}", stats().summary());
        return this;
    }

    /** @return false if the page was not out (a double release). */
    private boolean giveBack(Page page, ReleaseKind kind) {
        if (arena.page(page.index()) != page || free.get(page.index())) {
            // A page released twice means two owners believed they held it: the one bug this pool exists to prevent.
            doubleReleases++;
            context.getLog().error("page {} released while free (kind {}): ownership bug", page.index(), kind);
            return false;
        }
        free.set(page.index());
        releases.merge(kind, 1L, Long::sum);
        return true;
    }

    private void grantWaiting() {
        while (!waiting.isEmpty() && free.cardinality() >= waiting.peek().lease().pages()) {
            Waiter waiter = waiting.poll();
            leasesThatWaited++;
            waitNanos += System.nanoTime() - waiter.sinceNanos();
            grant(waiter.lease());
        }
    }

    private void grant(Lease lease) {
        List<Page> pages = new ArrayList<>(lease.pages());
        int index = free.nextSetBit(0);
        for (int i = 0; i < lease.pages(); i++) {
            free.clear(index);
            pages.add(arena.page(index));
            index = free.nextSetBit(index + 1);
        }
        leases++;
        lease.replyTo().tell(new Leased(lease.tag(), pages));
    }

    private PoolStats stats() {
        int freePages = free.cardinality();
        // A hand-over is counted before its page's Release is sent, so this never goes below zero.
        long handedToTransport = handed.total();
        long inFlight = Math.max(0, handedToTransport - returnedFromTransport);
        return new PoolStats(arena.pageCount(), arena.pageSize(), freePages, arena.pageCount() - freePages,
                (int) inFlight, waiting.size(), leases, leasesThatWaited, Duration.ofNanos(waitNanos),
                Map.copyOf(releases), doubleReleases, handedToTransport,
                Arrays.stream(sendToReleaseMicros).boxed().toList(), zeroCopySends, 0, auditedPageBytes,
                auditedOtherBytes);
    }

    /**
     * The page size and count a lease must respect, and where hand-overs to the transport are counted;
     * known to sessions at creation. Give the pool ({@link #create(Info)}) and its sessions the same one.
     */
    public record Info(int pageSize, int pageCount, HandedPages handed) {
        public Info {
            Objects.requireNonNull(handed, "handed");
        }

        /** With a counter of its own. */
        public Info(int pageSize, int pageCount) {
            this(pageSize, pageCount, new HandedPages());
        }

        public int pagesFor(long bytes) {
            return (int) ((bytes + pageSize - 1) / pageSize);
        }
    }
}
