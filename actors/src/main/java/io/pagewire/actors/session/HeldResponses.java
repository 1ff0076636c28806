package io.pagewire.actors.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Answers waiting for device I/O: Task Management Function responses, and reports to another
 * session's reset, each waiting for the completion of the I/O tags that the tasks it aborted still
 * had in a device handler. Actor thread only.
 */
final class HeldResponses {
    /** One answer and the I/O it still waits for. */
    private record Held(Set<Long> ioTags, Runnable answer) {
    }

    private final List<Held> held = new ArrayList<>();

    /** Runs {@code answer} once every tag in {@code ioTags} (mutable, non-empty) has completed. */
    void hold(Set<Long> ioTags, Runnable answer) {
        held.add(new Held(ioTags, answer));
    }

    /** The device I/O {@code tag} completed: runs the answers that waited only for it, in the order they were held. */
    void ioDone(long tag) {
        List<Runnable> ready = List.of();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.ioTags().remove(tag) && h.ioTags().isEmpty()) {
                it.remove();
                if (ready.isEmpty()) {
                    ready = new ArrayList<>(1);
                }
                ready.add(h.answer());
            }
        }
        ready.forEach(Runnable::run);
    }

    int size() {
        return held.size();
    }
}
