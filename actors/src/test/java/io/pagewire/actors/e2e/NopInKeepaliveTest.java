package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.session.SessionActor;
import io.pagewire.actors.session.SessionInfo;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.Pdu;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The target's NOP-In keepalive (RFC 7143 §11.19) with a 1 s idle interval and a 1 s answer
 * timeout: an initiator that answers keeps its session, one that stays silent loses its connection
 * once the timeout has passed, and nothing of either leaks from the PagePool.
 */
class NopInKeepaliveTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private TestTarget target;

    @BeforeEach
    void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                "session { nop-in-interval = 1s, nop-in-timeout = 1s }");
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void aSilentInitiatorIsPingedAndDisconnectedAfterTheTimeout() throws IOException {
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN)) {
            client.answerPings = false;
            Pdu pdu = client.next(INTERVAL.plus(Duration.ofSeconds(5)));
            NopIn ping = assertInstanceOf(NopIn.class, pdu, "the idle session is pinged");
            ping.release();
            assertEquals(Pdu.RESERVED_TAG, ping.itt(), "a target ping carries the reserved ITT");
            assertTrue(ping.ttt() != Pdu.RESERVED_TAG, "and a TTT the answer must echo");
            long pinged = System.nanoTime();
            assertTrue(client.closedWithin(TIMEOUT.plus(Duration.ofSeconds(5))), "connection closed");
            Duration waited = Duration.ofNanos(System.nanoTime() - pinged);
            assertTrue(waited.compareTo(TIMEOUT.minusMillis(100)) >= 0,
                    "closed only after the answer timeout, not " + waited + " after the ping");
        }
        probe().awaitAssert(Duration.ofSeconds(5), () -> {
            assertEquals(List.of(), target.server().sessions(), "the session ended with its connection");
            return null;
        });
        assertEquals(0, target.server().poolStats().outstanding());
    }

    @Test
    void anInitiatorThatAnswersKeepsItsSession() throws IOException {
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN)) {
            assertFalse(client.closedWithin(INTERVAL.plus(TIMEOUT).multipliedBy(3)), "the session stays");
            assertTrue(client.pingsAnswered() >= 2, "pinged repeatedly, answered " + client.pingsAnswered());
            byte[] data = new byte[4096];
            Arrays.fill(data, (byte) 0x5a);
            assertEquals(PduClient.GOOD, client.write10(0, 8, data, 512).status());
            PduClient.Outcome read = client.read10(0, 8, 8, 512);
            assertEquals(PduClient.GOOD, read.status());
            assertTrue(Arrays.equals(data, read.data()), "I/O still works");
        }
    }

    @Test
    void anIdleLibiscsiSessionAnswersThePingsAndStays() throws Exception {
        Tool.require("qemu-io");
        // qemu-io keeps one libiscsi session open while it sleeps; libiscsi answers NOP-Ins itself.
        CompletableFuture<Tool.Result> run = CompletableFuture.supplyAsync(() -> Tool.run(Duration.ofSeconds(60),
                "qemu-io", "-f", "raw", "-c", "read 0 4k", "-c", "sleep 8000", "-c", "read 0 4k", target.url(0)));
        TestProbe<Object> probe = probe();
        ActorRef<SessionActor.Command> session = probe.awaitAssert(Duration.ofSeconds(20), () -> {
            List<ActorRef<SessionActor.Command>> sessions = target.server().sessions();
            assertEquals(1, sessions.size(), "qemu-io logged in");
            return sessions.get(0);
        });
        SessionInfo info = probe.awaitAssert(Duration.ofSeconds(20), () -> {
            SessionInfo now = info(session);
            assertTrue(now.pingsAnswered() >= 3, "pings answered so far: " + now);
            return now;
        });
        assertTrue(info.pingsSent() - info.pingsAnswered() <= 1, "at most the current ping unanswered: " + info);
        assertEquals(List.of(session), target.server().sessions(), "still the same session, no reconnect");
        Tool.Result result = run.get();
        result.assertSuccess("qemu-io");
        assertFalse(result.output().contains("failed"), result.output());
    }

    private SessionInfo info(ActorRef<SessionActor.Command> session) {
        return AskPattern.<SessionActor.Command, SessionInfo>ask(session, SessionActor.GetInfo::new,
                Duration.ofSeconds(5), target.server().system().scheduler()).toCompletableFuture().join();
    }

    private TestProbe<Object> probe() {
        return TestProbe.create(target.server().system());
    }
}
