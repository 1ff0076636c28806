package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.streams.pipeline.IoResult;
import java.util.List;

/** A SCSI command the session is working on, known by its Initiator Task Tag. */
interface Task {
    int itt();

    /** A lease this task asked for has been granted. */
    void onLeased(long tag, List<Page> pages);

    /** The device finished the I/O submitted under {@code tag}; {@code failure} is null on success. */
    void onIoDone(long tag, Throwable failure);

    /**
     * The device finished the I/O submitted under {@code tag} with this result. Tasks that compare
     * (and so may see {@link IoResult.Miscompare}) override this; the others get the failure, if any.
     */
    default void onIoDone(long tag, IoResult result) {
        onIoDone(tag, result instanceof IoResult.Failure failure ? failure.cause() : null);
    }

    /** The task ends without completing (abort, connection loss): give back every page it holds. */
    void abort();
}
