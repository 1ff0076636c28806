package io.pagewire.actors.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Task Management Function responses waiting for device I/O: each waits for the completion of the
 * I/O tags that the tasks it aborted still had in a device handler when it ran. Actor thread only.
 */
final class HeldResponses {
    /** One TMF response and the I/O it still waits for. */
    private record Held(int itt, int response, Set<Long> ioTags) {
    }

    /** What may be sent now. */
    record Ready(int itt, int response) {
    }

    private final List<Held> held = new ArrayList<>();

    /** Holds the response to the TMF {@code itt} until every tag in {@code ioTags} (mutable, non-empty) completes. */
    void hold(int itt, int response, Set<Long> ioTags) {
        held.add(new Held(itt, response, ioTags));
    }

    /** The device I/O {@code tag} completed: the responses that waited only for it, in the order they were held. */
    List<Ready> ioDone(long tag) {
        List<Ready> ready = List.of();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.ioTags().remove(tag) && h.ioTags().isEmpty()) {
                it.remove();
                if (ready.isEmpty()) {
                    ready = new ArrayList<>(1);
                }
                ready.add(new Ready(h.itt(), h.response()));
            }
        }
        return ready;
    }

    int size() {
        return held.size();
    }
}
