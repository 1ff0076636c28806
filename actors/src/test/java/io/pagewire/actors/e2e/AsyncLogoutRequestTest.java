package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.pdu.AsyncMessage;
import io.pagewire.protocol.pdu.Pdu;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At shutdown every session in full feature phase gets an Async Message with AsyncEvent 1, "target
 * requests Logout" (RFC 7143 §11.9.1), Parameter3 the seconds it has; a Logout is answered and ends
 * the session at once, and a session that does not log out is closed when the time is up.
 */
class AsyncLogoutRequestTest {
    private static final String LUNS = "[ { lun = 0, backend = memory, size = 1MiB } ]";
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:async";

    @Test
    void anInitiatorThatLogsOutWhenAskedEndsTheShutdownWait() throws Exception {
        TestTarget target = TestTarget.start(LUNS, "shutdown-timeout = 60s");
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login(INITIATOR, TestTarget.IQN).succeeded());
            int expected = client.expStatSn();
            long start = System.nanoTime();
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(target::close);
            AsyncMessage async = client.expect(AsyncMessage.class);
            try {
                assertEquals(1, async.asyncEvent(), "target requests Logout");
                assertEquals(60, async.parameter3(), "the seconds the initiator has to log out");
                assertEquals(Pdu.RESERVED_TAG, async.itt());
                assertEquals(expected, async.statSn(), "the Async Message takes the next StatSN");
                assertEquals(0, async.data().readableBytes());
            } finally {
                async.release();
            }
            assertEquals(0, client.logout(), "the Logout is answered: connection or session closed successfully");
            assertTrue(client.expectClosed(Duration.ofSeconds(10)));
            stopped.get(30, TimeUnit.SECONDS);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(30)) < 0,
                    "the stop did not wait out the 60 s given to the initiator");
        } finally {
            target.close();
        }
    }

    @Test
    void anInitiatorThatDoesNotLogOutIsDroppedWhenItsTimeIsUp() throws Exception {
        TestTarget target = TestTarget.start(LUNS, "shutdown-timeout = 1s");
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login(INITIATOR, TestTarget.IQN).succeeded());
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(target::close);
            AsyncMessage async = client.expect(AsyncMessage.class);
            try {
                assertEquals(1, async.asyncEvent());
                assertEquals(1, async.parameter3());
            } finally {
                async.release();
            }
            assertTrue(client.expectClosed(Duration.ofSeconds(10)), "closed once the second has passed");
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            target.close();
        }
    }
}
