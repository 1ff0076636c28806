package io.pagewire.actors.e2e;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
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
        if (IoUring.isAvailable()) {
            names.add("io_uring");
            names.add(IO_URING_ZERO_COPY);
        }
        if (Epoll.isAvailable()) {
            names.add("epoll");
        }
        names.add("nio");
        return names;
    }

    /** io_uring with every Data-In page sent zero-copy, even to this host: the notification path. */
    static final String IO_URING_ZERO_COPY = "io_uring+zero-copy";

    /** The configuration lines that select {@code name}. */
    static String hocon(String name) {
        return IO_URING_ZERO_COPY.equals(name)
                ? "transport = io_uring\nzero-copy = always\nzero-copy-threshold = 4KiB"
                : "transport = " + name;
    }
}
