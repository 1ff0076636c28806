package io.pagewire.actors.session;

import io.pagewire.actors.pool.HandedPages;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PageReturn;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.streams.pipeline.IoRequest;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One session's account of the pages it asked for and lent out: leases waiting for the pool, I/O
 * in the hands of a device, and a small reserve of pages leased ahead. Pages a task holds are the
 * task's; pages on the wire are the transport's; pages in the reserve are the session's, and go
 * back to the pool when it recalls them or the session stops. Actor thread only.
 *
 * <p>The reserve saves small commands the lease round trip to the pool (two thread hand-offs when
 * the session runs on its event loop): a lease the reserve can cover, with no older lease of this
 * session still waiting, is answered by the session to itself, and the reserve is topped up behind it
 * ({@link PagePool.LeaseReserve}, granted only from a mostly free arena, never queued).
 */
final class PageLedger {
    /** The tag of reserve leases; command leases count up from 0. */
    static final long RESERVE_TAG = -1;
    /** Leases to let pass without asking for a reserve after the pool had none to give. */
    private static final int RESERVE_BACKOFF = 64;

    private final ActorRef<PagePool.Command> pool;
    private final ActorRef<PagePool.LeaseReply> leaseReplies;
    private final ActorRef<SessionActor.Command> session;
    private final PageReturn pageReturn;
    private final Map<Long, Task> leases = new HashMap<>();
    private final Map<Long, InFlightIo> inFlight = new HashMap<>();
    private final ArrayDeque<Page> reserve = new ArrayDeque<>();
    private final int reserveTarget;
    private boolean reserveAsked;
    /** The pool has granted this session reserve pages since it last returned them (it is a holder). */
    private boolean reserveHolder;
    private int reserveBackoff;
    private long nextTag;

    PageLedger(ActorRef<PagePool.Command> pool, HandedPages handed, ActorRef<PagePool.LeaseReply> leaseReplies,
               ActorRef<SessionActor.Command> session, int reserveTarget) {
        this.pool = pool;
        this.leaseReplies = leaseReplies;
        this.session = session;
        this.pageReturn = PagePool.returnTo(pool, handed);
        this.reserveTarget = reserveTarget;
    }

    long lease(Task task, int pages) {
        long tag = nextTag++;
        leases.put(tag, task);
        if (leases.size() == 1 && reserve.size() >= pages) {
            List<Page> taken = new ArrayList<>(pages);
            for (int i = 0; i < pages; i++) {
                taken.add(reserve.poll());
            }
            // answered like the pool would, after this message: the task's own steps stay in order
            session.tell(new SessionActor.PagesLeased(new PagePool.Leased(tag, taken)));
            topUpReserve();
        } else {
            pool.tell(new PagePool.Lease(pages, tag, leaseReplies));
        }
        return tag;
    }

    /** @return the task that asked for the lease {@code tag}, or null if it is gone. */
    Task leaseAnswered(long tag) {
        Task task = leases.remove(tag);
        if (task != null) {
            topUpReserve();
        }
        return task;
    }

    /** The pool's answer to a {@link PagePool.LeaseReserve}: the pages join the reserve. */
    void reserveGranted(List<Page> pages) {
        reserveAsked = false;
        reserve.addAll(pages);
        if (pages.isEmpty()) {
            reserveBackoff = RESERVE_BACKOFF;
        } else {
            reserveHolder = true;
        }
    }

    /** The pool is short of pages: the reserve goes back. */
    void reserveRecalled() {
        returnReserve();
        reserveBackoff = RESERVE_BACKOFF;
    }

    /**
     * Asks for more once the reserve is down to half: one pool message per few commands rather than
     * one per command (each wakes the pool's thread, which on a small machine competes with the
     * commands themselves).
     */
    private void topUpReserve() {
        if (reserveBackoff > 0) {
            reserveBackoff--;
        } else if (!reserveAsked && reserve.size() <= reserveTarget / 2 && reserveTarget > 0) {
            reserveAsked = true;
            pool.tell(new PagePool.LeaseReserve(reserveTarget - reserve.size(), RESERVE_TAG, leaseReplies));
        }
    }

    /** Nothing to say when the session never held a reserve (the default, page-reserve = 0). */
    private void returnReserve() {
        if (reserveHolder || !reserve.isEmpty()) {
            pool.tell(new PagePool.ReserveReturned(List.copyOf(reserve), leaseReplies));
        }
        reserve.clear();
        reserveHolder = false;
    }

    /** True while any lease of this session waits for the pool. */
    boolean waitingForPages() {
        return !leases.isEmpty();
    }

    /** See {@link TaskHost#submit}. */
    boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> pages, int length,
                   boolean fua) {
        return lend(task, lu, pages, List.of(), length, (views, onComplete) -> new IoRequest(op, byteOffset, views,
                fua, onComplete));
    }

    /** See {@link TaskHost#submit(Task, LogicalUnit, IoRequest.Operation, long, List, int, List, long, boolean)}. */
    boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> pages, int length,
                   List<Page> scratch, long mediumLength, boolean fua) {
        List<ByteBuffer> scratchBuffers = new ArrayList<>(scratch.size());
        for (Page page : scratch) {
            scratchBuffers.add(page.view(page.size()));
        }
        return lend(task, lu, pages, scratch, length, (views, onComplete) -> new IoRequest(op, byteOffset, views,
                scratchBuffers, mediumLength, fua, onComplete));
    }

    /** See {@link TaskHost#submit(Task, LogicalUnit, List, int, TaskHost.RequestMaker)}. */
    boolean submit(Task task, LogicalUnit lu, List<Page> pages, int length, TaskHost.RequestMaker maker) {
        return lend(task, lu, pages, List.of(), length, maker);
    }

    /**
     * Lends the first {@code length} bytes of {@code pages}, and {@code scratch} whole, to one device
     * request; one InFlightIo returns them all.
     */
    private boolean lend(Task task, LogicalUnit lu, List<Page> pages, List<Page> scratch, int length,
                         TaskHost.RequestMaker maker) {
        long tag = nextTag++;
        List<Page> lent = pages;
        if (!scratch.isEmpty()) {
            lent = new ArrayList<>(pages);
            lent.addAll(scratch);
        }
        InFlightIo io = new InFlightIo(tag, task, lent);
        List<ByteBuffer> buffers = new ArrayList<>(pages.size());
        int remaining = length;
        for (Page page : pages) {
            int n = Math.min(page.size(), remaining);
            buffers.add(page.view(n));
            remaining -= n;
        }
        ActorRef<SessionActor.Command> self = session;
        ActorRef<PagePool.Command> owner = pool;
        IoRequest request = maker.make(buffers, result -> {
            if (io.complete(owner)) {
                self.tell(new SessionActor.IoDone(tag, result));
            }
        });
        if (!lu.submit(request)) {
            return false;
        }
        inFlight.put(tag, io);
        return true;
    }

    /** The tags of the device I/O in flight for tasks that {@code which} selects (aborted ones too); a mutable set. */
    Set<Long> inFlightWhere(Predicate<Task> which) {
        Set<Long> tags = new HashSet<>();
        for (InFlightIo io : inFlight.values()) {
            if (which.test(io.task)) {
                tags.add(io.tag);
            }
        }
        return tags;
    }

    /** The tags of the device I/O that {@code tasks} (by identity) have in flight; a mutable set. */
    Set<Long> inFlightOf(Collection<Task> tasks) {
        Set<Long> tags = new HashSet<>();
        for (InFlightIo io : inFlight.values()) {
            for (Task task : tasks) {
                if (io.task == task) {
                    tags.add(io.tag);
                    break;
                }
            }
        }
        return tags;
    }

    /** True while a device handler holds any I/O of this session. */
    boolean ioInFlight() {
        return !inFlight.isEmpty();
    }

    /** @return the I/O that completed under {@code tag}, or null if it is unknown. */
    InFlightIo ioDone(long tag) {
        return inFlight.remove(tag);
    }

    void release(List<Page> pages, PagePool.ReleaseKind kind) {
        if (!pages.isEmpty()) {
            pool.tell(new PagePool.ReleaseAll(pages, kind));
        }
    }

    PageReturn pageReturn() {
        return pageReturn;
    }

    /** Session stop: the reserve goes back, and every page still inside a device call when that call ends. */
    void orphanAll() {
        returnReserve();
        for (InFlightIo io : inFlight.values()) {
            io.orphan(pool);
        }
        inFlight.clear();
        leases.clear();
    }
}
