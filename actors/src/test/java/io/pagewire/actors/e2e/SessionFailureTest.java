package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.actors.session.SessionActor;
import io.pagewire.actors.session.SessionInfo;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Session actor that fails stops alone: its connection closes, the other session and new logins
 * go on, and every page it held comes back — pages it leased at once, pages lent to the device
 * when that I/O completes.
 */
class SessionFailureTest {
    private static final int BLOCK = 512;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private ControlledDevice device;
    private TestTarget target;

    @BeforeEach
    void start() {
        device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]", TestTarget.NO_PAGE_RESERVE,
                device::open);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void aFailingSessionStopsAloneAndItsPagesComeBackAsTheirCompletionsArrive() throws Exception {
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        try (PduClient failing = PduClient.login(target.port(), TestTarget.IQN);
             PduClient other = PduClient.login(target.port(), TestTarget.IQN)) {
            // The failing session holds pages two ways: a READ the device is still working on
            // (one 128 KiB page) and a WRITE waiting for its data (eight pages for 1 MiB).
            ControlledDevice.Gate held = device.holdNextCall();
            failing.submitRead10(0, 0, 256, BLOCK);
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            failing.submitWrite10WithoutData(0, 4096, 2048, BLOCK);
            probe.awaitAssert(WAIT, () -> {
                assertEquals(9, pool().outstanding(), "READ page with the device, WRITE pages leased");
                return null;
            });
            ActorRef<SessionActor.Command> doomed = probe.awaitAssert(WAIT, () -> sessionWithTasks(2));

            doomed.tell(new SessionActor.InjectFailure("test: session fails"));

            assertTrue(failing.closedWithin(WAIT), "the failed session's connection is closed");
            probe.awaitAssert(WAIT, () -> {
                List<ActorRef<SessionActor.Command>> sessions = target.server().sessions();
                assertEquals(1, sessions.size(), "only the other session is left: " + sessions);
                assertTrue(!sessions.contains(doomed));
                return null;
            });
            byte[] data = new byte[64 * 1024];
            new Random(7).nextBytes(data);
            assertEquals(PduClient.GOOD, other.write10(0, 100, data, BLOCK).status(), "the other session writes");
            PduClient.Outcome read = other.read10(0, 100, data.length / BLOCK, BLOCK);
            assertEquals(PduClient.GOOD, read.status());
            assertArrayEquals(data, read.data(), "and reads back what it wrote");
            Tool.run(Duration.ofSeconds(60), "iscsi-inq", target.url(0)).assertSuccess("a new login after the failure");

            probe.awaitAssert(WAIT, () -> {
                assertEquals(1, pool().outstanding(), "the WRITE's pages are back; the READ's page is the device's");
                return null;
            });
            held.release();
            probe.awaitAssert(WAIT, () -> {
                assertEquals(0, pool().outstanding(), "the READ's page came back with its completion");
                return null;
            });
            assertEquals(0, pool().doubleReleases());
            assertEquals(PduClient.GOOD, other.read10(0, 0, 8, BLOCK).status(), "the other session still works");
        }
    }

    @Test
    void aSessionThatFailsDuringLoginClosesItsConnection() throws Exception {
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        try (Socket socket = new Socket("127.0.0.1", target.port())) {
            // Not logged in yet, so not in sessions(): find the connection's actor by its path.
            org.apache.pekko.actor.ActorRef session = probe.awaitAssert(WAIT, () ->
                    target.server().system().classicSystem().actorSelection("/user/portal-0/session-*")
                            .resolveOne(Duration.ofSeconds(1)).toCompletableFuture().join());
            session.tell(new SessionActor.InjectFailure("test: fails during login"),
                    org.apache.pekko.actor.ActorRef.noSender());
            socket.setSoTimeout((int) WAIT.toMillis());
            assertEquals(-1, socket.getInputStream().read(), "the connection is closed");
        }
        Tool.run(Duration.ofSeconds(60), "iscsi-inq", target.url(0)).assertSuccess("the portal still accepts logins");
    }

    private ActorRef<SessionActor.Command> sessionWithTasks(int openTasks) {
        for (ActorRef<SessionActor.Command> session : target.server().sessions()) {
            SessionInfo info = AskPattern.<SessionActor.Command, SessionInfo>ask(session, SessionActor.GetInfo::new,
                    Duration.ofSeconds(5), target.server().system().scheduler()).toCompletableFuture().join();
            if (info.openTasks() == openTasks) {
                return session;
            }
        }
        throw new AssertionError("no session with " + openTasks + " open tasks");
    }

    private PoolStats pool() {
        return target.server().poolStats();
    }
}
