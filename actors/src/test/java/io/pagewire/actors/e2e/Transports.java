package io.pagewire.actors.e2e;

import io.netty.channel.epoll.Epoll;
import java.util.ArrayList;
import java.util.List;

/**
 * The transports the ownership tests run on: every {@code pagewire.transport} value that loads
 * here. A new transport is one more line.
 */
final class Transports {
    private Transports() {
    }

    /** Values for {@code pagewire.transport}; a {@code @MethodSource} for parameterized tests. */
    static List<String> available() {
        List<String> names = new ArrayList<>();
        if (Epoll.isAvailable()) {
            names.add("epoll");
        }
        names.add("nio");
        return names;
    }
}
