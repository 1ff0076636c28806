package io.pagewire.actors.netty;

import io.pagewire.actors.config.ZeroCopyMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * Decides per connection whether Data-In payloads go out as zero-copy sends. A send to a peer on
 * this host is copied by the kernel anyway, and on loopback SEND_ZC ran at about half the speed of a
 * plain send, so {@code auto} sends zero-copy only to remote peers; {@code always} and {@code never}
 * override. Immutable; any thread.
 */
public record ZeroCopyPolicy(ZeroCopyMode mode, int threshold, ZeroCopyBudget budget) {

    /** No zero-copy sends at all (transports other than io_uring). */
    public static ZeroCopyPolicy off() {
        return new ZeroCopyPolicy(ZeroCopyMode.NEVER, 0, new ZeroCopyBudget(0));
    }

    /** Whether a connection from {@code remote} sends zero-copy. */
    public boolean zeroCopyFor(SocketAddress remote) {
        return switch (mode) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> remote instanceof InetSocketAddress inet && !isLocal(inet.getAddress());
        };
    }

    /** Loopback, wildcard, or an address of one of this host's interfaces. */
    static boolean isLocal(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
