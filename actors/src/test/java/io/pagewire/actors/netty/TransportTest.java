package io.pagewire.actors.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.pagewire.actors.config.TransportKind;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void autoPrefersEpollThenIoUringThenNio() {
        Transport auto = Transport.select(TransportKind.AUTO);
        String expected = Epoll.isAvailable() ? "epoll" : IoUring.isAvailable() ? "io_uring" : "nio";
        assertEquals(expected, auto.name(), auto.reason());
        assertTrue(auto.reason().startsWith("auto: "), auto.reason());
    }

    @Test
    void ioUringWhenConfiguredAndAvailable() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        Transport t = Transport.select(TransportKind.IO_URING);
        assertEquals("io_uring", t.name());
        assertEquals(IoUringServerSocketChannel.class, t.serverChannel());
        assertTrue(t.zeroCopyCapable());
    }

    @Test
    void ioUringConfiguredButUnavailableStopsStartUp() {
        assumeTrue(!IoUring.isAvailable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Transport.select(TransportKind.IO_URING));
        assertTrue(e.getMessage().contains("io_uring is unavailable"), e.getMessage());
    }

    @Test
    void onlyIoUringSendsZeroCopy() {
        assertFalse(Transport.select(TransportKind.NIO).zeroCopyCapable());
        if (Epoll.isAvailable()) {
            assertFalse(Transport.select(TransportKind.EPOLL).zeroCopyCapable());
        }
    }
}
