package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.session.SessionRegistry;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TextCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Who gets in: allowed-initiators (0x0202, SendTargets filtered), session identity (a TSIH is only
 * honoured for the initiator, ISID and target that own it) and the session limits (0x0302).
 */
class AccessControlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final String OPEN = "iqn.2026-11.io.pagewire:open";
    private static final String CLIENT_A = "iqn.2026-11.io.pagewire:client-a";
    private static final String OTHER = "iqn.2026-11.io.pagewire:other";
    private static final int OPEN_LIMIT = 2;
    private static final int NODE_LIMIT = 4;
    private static final AtomicLong isids = new AtomicLong();

    private static TestTarget target;
    private final List<RawInitiator> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        String luns = "[ { lun = 0, backend = memory, size = 1MiB } ]";
        target = TestTarget.start(luns, "targets = [\n"
                + " { iqn = \"" + TestTarget.IQN + "\", luns = " + luns + ", allowed-initiators = [ \"" + CLIENT_A + "\" ] }\n"
                + " { iqn = \"" + OPEN + "\", luns = " + luns + ", max-sessions = " + OPEN_LIMIT + " } ]\n"
                + "limits.max-sessions = " + NODE_LIMIT + "\n");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    /** Every test starts with no session: the ones it opened are closed and the registry has seen them end. */
    @AfterEach
    void closeClients() throws Exception {
        for (RawInitiator client : clients) {
            client.close();
        }
        awaitSessions(0);
    }

    private static void awaitSessions(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (target.server().sessions().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sessions: " + target.server().sessions().size() + ", expected " + count);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // bounded polling: the registry hears of ends asynchronously
        }
    }

    private RawInitiator connect() throws IOException {
        RawInitiator client = RawInitiator.connect(target.port());
        clients.add(client);
        return client;
    }

    private static long newIsid() {
        return RawInitiator.ISID_BASE | isids.incrementAndGet();
    }

    // ---- allowed-initiators -------------------------------------------------------------------------

    @Test
    void anInitiatorNotOnTheListGetsAuthorizationFailure() throws Exception {
        RawInitiator other = connect();
        RawInitiator.Login refused = other.login(OTHER, TestTarget.IQN, newIsid());
        assertEquals(0x0202, refused.code());
        assertTrue(other.expectClosed(CLOSE_WITHIN));
        RawInitiator allowed = connect();
        assertTrue(allowed.login(CLIENT_A, TestTarget.IQN, newIsid()).succeeded());
        assertEquals(0, allowed.testUnitReady().status());
        // Names compare in lower case (RFC 7143 §4.2.7.1).
        assertTrue(connect().login(CLIENT_A.toUpperCase(Locale.ROOT).replace("IQN.", "iqn."), TestTarget.IQN,
                newIsid()).succeeded());
    }

    @Test
    void iscsiInqIsRefusedUnderAnotherInitiatorName() {
        Tool.Result refused = Tool.run(TIMEOUT, "iscsi-inq", "-i", OTHER, target.url(0));
        assertNotEquals(0, refused.exitCode(), refused.output());
        String out = Tool.run(TIMEOUT, "iscsi-inq", "-i", CLIENT_A, target.url(0)).assertSuccess("iscsi-inq -i client-a")
                .output();
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
    }

    @Test
    void sendTargetsListsOnlyTheTargetsTheInitiatorMayLogInTo() {
        String anyone = Tool.run(TIMEOUT, "iscsi-ls", "-s", "iscsi://" + target.portal()).assertSuccess("iscsi-ls").output();
        assertTrue(anyone.contains("Target:" + OPEN), anyone);
        assertFalse(anyone.contains(TestTarget.IQN), anyone);
        String clientA = Tool.run(TIMEOUT, "iscsi-ls", "-s", "-i", CLIENT_A, "iscsi://" + target.portal())
                .assertSuccess("iscsi-ls -i client-a").output();
        assertTrue(clientA.contains("Target:" + OPEN), clientA);
        assertTrue(clientA.contains("Target:" + TestTarget.IQN), clientA);
    }

    // ---- session identity ---------------------------------------------------------------------------

    @Test
    void theSameIsidFromAnotherInitiatorIsANewSessionNotAReinstatement() throws Exception {
        long isid = newIsid();
        RawInitiator first = connect();
        RawInitiator.Login a = first.login(CLIENT_A, OPEN, isid);
        assertTrue(a.succeeded());
        RawInitiator second = connect();
        RawInitiator.Login b = second.login(OTHER, OPEN, isid);
        assertTrue(b.succeeded());
        assertNotEquals(a.tsih(), b.tsih());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, first.ping(new byte[] {1, 2, 3, 4}), "the first session lives on");
        assertEquals(2, target.server().sessions().size());
    }

    @Test
    void aTsihIsHonouredOnlyForTheInitiatorIsidAndTargetThatOwnIt() throws Exception {
        long isid = newIsid();
        RawInitiator owner = connect();
        RawInitiator.Login session = owner.login(CLIENT_A, OPEN, isid);
        assertTrue(session.succeeded());
        int tsih = session.tsih();

        RawInitiator stranger = connect();
        assertEquals(0x020A, stranger.login(isid, tsih, 0, RawInitiator.loginKeys(OTHER, OPEN)).code(),
                "another initiator naming the TSIH: SESSION DOES NOT EXIST");
        assertTrue(stranger.expectClosed(CLOSE_WITHIN));
        assertEquals(0x020A, connect().login(newIsid(), tsih, 0, RawInitiator.loginKeys(CLIENT_A, OPEN)).code(),
                "the owner on another ISID");
        assertEquals(0x020A, connect().login(isid, tsih, 0, RawInitiator.loginKeys(CLIENT_A, TestTarget.IQN)).code(),
                "the owner naming another target");
        assertEquals(0x0206, connect().login(isid, tsih, 0, RawInitiator.loginKeys(CLIENT_A, OPEN)).code(),
                "the owner's TSIH and CID again: one connection per session");
        assertEquals(0x0206, loginWithCid(connect(), isid, tsih, 1, RawInitiator.loginKeys(CLIENT_A, OPEN)),
                "a second connection (another CID) of the owner's session: MaxConnections is 1");
        assertEquals(0x020A, connect().login(isid, 0xfff0, 0, RawInitiator.loginKeys(CLIENT_A, OPEN)).code(),
                "a TSIH nobody has");
        assertArrayEquals(new byte[] {7}, owner.ping(new byte[] {7}), "the session is untouched");
    }

    /** A one-request login (CSG=1 → full feature) with a chosen CID; returns the status class and detail. */
    private static int loginWithCid(RawInitiator client, long isid, int tsih, int cid, List<KeyValue> keys)
            throws IOException {
        client.send(new LoginRequest(true, false, 1, 3, 0, 0, isid, tsih, client.newItt(), cid, 1, 0,
                Unpooled.wrappedBuffer(TextCodec.encode(keys))));
        LoginResponse response = client.expect(LoginResponse.class);
        try {
            return response.statusClass() << 8 | response.statusDetail();
        } finally {
            response.release();
        }
    }

    // ---- limits -------------------------------------------------------------------------------------

    @Test
    void aTargetsSessionLimitIsOutOfResourcesLoggedOnceUntilTheCountDrops() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SessionRegistry.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.setContext(logger.getLoggerContext());
        log.start();
        logger.addAppender(log);
        try {
            long isid = newIsid();
            RawInitiator first = connect();
            assertTrue(first.login(CLIENT_A, OPEN, isid).succeeded());
            assertTrue(connect().login(OTHER, OPEN, newIsid()).succeeded());
            for (int i = 0; i < 3; i++) {
                RawInitiator third = connect();
                assertEquals(0x0302, third.login(CLIENT_A, OPEN, newIsid()).code());
                assertTrue(third.expectClosed(CLOSE_WITHIN));
            }
            assertEquals(1, warnings(log), "one warning for three refusals");
            // A reinstatement replaces its session: not refused at the limit.
            RawInitiator again = connect();
            assertTrue(again.login(CLIENT_A, OPEN, isid).succeeded());
            assertTrue(first.expectClosed(CLOSE_WITHIN), "the reinstated session is closed");
            assertEquals(0, again.logout());
            awaitSessions(1);
            assertTrue(connect().login(CLIENT_A, OPEN, newIsid()).succeeded(), "room again after a logout");
            assertEquals(0x0302, connect().login(CLIENT_A, OPEN, newIsid()).code());
            assertEquals(2, warnings(log), "logged again after the count had dropped");
        } finally {
            logger.detachAppender(log);
        }
    }

    private static long warnings(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("0x0302"))
                .count();
    }

    @Test
    void theNodeWideLimitCountsEverySession() throws Exception {
        assertTrue(connect().login(CLIENT_A, OPEN, newIsid()).succeeded());
        assertTrue(connect().login(CLIENT_A, TestTarget.IQN, newIsid()).succeeded());
        assertTrue(connect().login(CLIENT_A, TestTarget.IQN, newIsid()).succeeded());
        assertTrue(connect().login(CLIENT_A, TestTarget.IQN, newIsid()).succeeded());
        RawInitiator fifth = connect();
        assertEquals(0x0302, fifth.login(CLIENT_A, TestTarget.IQN, newIsid()).code());
        assertTrue(fifth.expectClosed(CLOSE_WITHIN));
    }
}
