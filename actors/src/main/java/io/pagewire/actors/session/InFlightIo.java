package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Pages lent to a device handler for one I/O. Exactly one party gives them back: normally the
 * session, after it handled the completion; but if the session stopped first, whoever loses the
 * race below returns them to the pool directly, so a dying session never strands a page that the
 * device still writes into.
 */
final class InFlightIo {
    private static final int PENDING = 0;
    private static final int COMPLETED = 1;
    private static final int ORPHANED = 2;

    final long tag;
    final Task task;
    final List<Page> pages;
    private final AtomicInteger state = new AtomicInteger(PENDING);

    InFlightIo(long tag, Task task, List<Page> pages) {
        this.tag = tag;
        this.task = task;
        this.pages = pages;
    }

    /** I/O thread: the device is done. @return true if the session is still there to be told. */
    boolean complete(ActorRef<PagePool.Command> pool) {
        if (state.compareAndSet(PENDING, COMPLETED)) {
            return true;
        }
        pool.tell(new PagePool.ReleaseAll(pages, PagePool.ReleaseKind.UNUSED));
        return false;
    }

    /**
     * Actor thread, at session stop: if the device is still busy, its completion will return the
     * pages; if the completion already went to the (now dead) mailbox, return them here.
     */
    void orphan(ActorRef<PagePool.Command> pool) {
        if (!state.compareAndSet(PENDING, ORPHANED)) {
            pool.tell(new PagePool.ReleaseAll(pages, PagePool.ReleaseKind.UNUSED));
        }
    }
}
