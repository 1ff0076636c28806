package io.pagewire.actors.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.config.ZeroCopyMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-connection decision: zero-copy for remote peers, not for peers on this host, unless overridden. */
class ZeroCopyPolicyTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
    private static final InetSocketAddress LOOPBACK_V6 = new InetSocketAddress(address("::1"), 40000);
    /** TEST-NET-1 (RFC 5737): never an address of this host. */
    private static final InetSocketAddress REMOTE = new InetSocketAddress(address("192.0.2.7"), 40000);

    private static ZeroCopyPolicy policy(ZeroCopyMode mode) {
        return new ZeroCopyPolicy(mode, 65536, new ZeroCopyBudget(1 << 20));
    }

    @Test
    void autoSkipsLocalPeersAndSendsZeroCopyToRemoteOnes() {
        ZeroCopyPolicy auto = policy(ZeroCopyMode.AUTO);
        assertFalse(auto.zeroCopyFor(LOOPBACK));
        assertFalse(auto.zeroCopyFor(LOOPBACK_V6));
        assertTrue(auto.zeroCopyFor(REMOTE));
    }

    @Test
    void autoTreatsAnAddressOfALocalInterfaceAsLocal() throws SocketException {
        Optional<InetAddress> own = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress())
                .findFirst();
        own.ifPresent(a -> assertFalse(policy(ZeroCopyMode.AUTO).zeroCopyFor(new InetSocketAddress(a, 40000)), a::toString));
    }

    @Test
    void alwaysSendsZeroCopyEvenToLocalPeers() {
        assertTrue(policy(ZeroCopyMode.ALWAYS).zeroCopyFor(LOOPBACK));
        assertTrue(policy(ZeroCopyMode.ALWAYS).zeroCopyFor(REMOTE));
    }

    @Test
    void neverSendsZeroCopy() {
        assertFalse(policy(ZeroCopyMode.NEVER).zeroCopyFor(LOOPBACK));
        assertFalse(policy(ZeroCopyMode.NEVER).zeroCopyFor(REMOTE));
        assertFalse(ZeroCopyPolicy.off().zeroCopyFor(REMOTE));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
