package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import io.pagewire.protocol.text.TextCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Task management waits for the device (RFC 7143 §11.5, SAM-5 §7.1): with a WRITE held inside the
 * device handler, ABORT TASK, ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT RESET and TARGET WARM
 * RESET answer FUNCTION COMPLETE only after the device let go of it, and the aborted WRITE gets no
 * SCSI Response. Session reinstatement (§6.3.5) likewise: the new login is answered only after the
 * old session's WRITE has left the device.
 */
class TaskManagementTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final int BLOCK = RawInitiator.BLOCK_SIZE;
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:tmf";

    @ParameterizedTest(name = "function {0}")
    @ValueSource(ints = {1, 2, 4, 5, 6})
    void theResponseWaitsUntilTheAbortedWriteHasLeftTheDevice(int function) throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(device);
             RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login(INITIATOR, TestTarget.IQN).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            byte[] stale = filled(8 * BLOCK, 0x5A);
            int write = client.newItt();
            client.send(new ScsiCommand(false, true, false, true, 1, 0, write, stale.length, client.consumeCmdSn(),
                    client.expStatSn(), RawInitiator.cdb10(0x2A, 64, 8), -1, Unpooled.wrappedBuffer(stale)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            int tmf = client.newItt();
            client.send(new TaskManagementRequest(true, function, 0, tmf, function == 1 ? write : Pdu.RESERVED_TAG,
                    client.cmdSn(), client.expStatSn(), 0, 0));
            // An immediate ping sent after the TMF is handled after it: its answer comes first,
            // so the TMF has run and its response is being held.
            int ping = client.newItt();
            client.send(new NopOut(true, 0, ping, Pdu.RESERVED_TAG, client.cmdSn(), client.expStatSn(),
                    Unpooled.EMPTY_BUFFER));
            NopIn pong = client.expect(NopIn.class);
            pong.release();
            assertEquals(ping, pong.itt(), "the ping's answer, not the TMF response, while the WRITE is in the device");
            assertFalse(client.expectClosed(QUIET), "nothing more while the device holds the WRITE");

            held.release();
            TaskManagementResponse response = client.expect(TaskManagementResponse.class);
            assertEquals(tmf, response.itt());
            assertEquals(0, response.response(), "FUNCTION COMPLETE");
            // The aborted WRITE has no SCSI Response: the next PDU answers the next ping. (A ping, not
            // a command: a command may meet the reset's unit attention.)
            assertArrayEquals(new byte[] {7}, client.ping(new byte[] {7}));
            assertEquals(0, client.logout());
            assertEverythingBack(target);
        }
    }

    @Test
    void withNoDeviceIoTheResponseIsImmediate() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(device);
             RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login(INITIATOR, TestTarget.IQN).succeeded());
            int tmf = client.newItt();
            client.send(new TaskManagementRequest(true, 5, 0, tmf, Pdu.RESERVED_TAG, client.cmdSn(),
                    client.expStatSn(), 0, 0));
            TaskManagementResponse response = client.expect(TaskManagementResponse.class);
            assertEquals(tmf, response.itt());
            assertEquals(0, response.response());
            int missing = client.newItt();
            client.send(new TaskManagementRequest(true, 1, 0, missing, 0x7777, client.cmdSn(), client.expStatSn(), 0, 0));
            TaskManagementResponse none = client.expect(TaskManagementResponse.class);
            assertEquals(1, none.response(), "TASK DOES NOT EXIST");
        }
    }

    @Test
    void aReinstatingLoginCompletesOnlyAfterTheOldSessionsWriteLeftTheDevice() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        long isid = RawInitiator.ISID_BASE | 0x77;
        try (TestTarget target = start(device);
             RawInitiator old = RawInitiator.connect(target.port());
             RawInitiator fresh = RawInitiator.connect(target.port())) {
            assertTrue(old.login(INITIATOR, TestTarget.IQN, isid).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            byte[] stale = filled(8 * BLOCK, 0x11);
            old.send(new ScsiCommand(false, true, false, true, 1, 0, old.newItt(), stale.length, old.consumeCmdSn(),
                    old.expStatSn(), RawInitiator.cdb10(0x2A, 128, 8), -1, Unpooled.wrappedBuffer(stale)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            sendLogin(fresh, isid);
            assertTrue(old.expectClosed(WAIT), "the old session's connection is closed at once");
            assertFalse(fresh.expectClosed(QUIET), "no Login Response while the old WRITE is in the device");

            held.release();
            expectLoggedIn(fresh);
            assertEquals(0, fresh.testUnitReady().status());
        }
    }

    @Test
    void afterAConnectionResetTheNewSessionWaitsForTheStaleWriteAndThenOverwritesIt() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        long isid = RawInitiator.ISID_BASE | 0x78;
        try (TestTarget target = start(device)) {
            ControlledDevice.Gate held;
            try (RawInitiator old = RawInitiator.connect(target.port())) {
                assertTrue(old.login(INITIATOR, TestTarget.IQN, isid).succeeded());
                held = device.holdNextCall();
                byte[] stale = filled(8 * BLOCK, 0x22);
                old.send(new ScsiCommand(false, true, false, true, 1, 0, old.newItt(), stale.length,
                        old.consumeCmdSn(), old.expStatSn(), RawInitiator.cdb10(0x2A, 256, 8), -1,
                        Unpooled.wrappedBuffer(stale)));
                held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                old.reset(); // the initiator crashes with the WRITE in the device
            }
            try (RawInitiator fresh = RawInitiator.connect(target.port())) {
                sendLogin(fresh, isid);
                assertFalse(fresh.expectClosed(QUIET), "no Login Response while the old WRITE is in the device");
                held.release();
                expectLoggedIn(fresh);
                byte[] mine = filled(8 * BLOCK, 0x33);
                int itt = fresh.newItt();
                fresh.send(new ScsiCommand(false, true, false, true, 1, 0, itt, mine.length, fresh.consumeCmdSn(),
                        fresh.expStatSn(), RawInitiator.cdb10(0x2A, 256, 8), -1, Unpooled.wrappedBuffer(mine)));
                assertEquals(0, fresh.collect(itt).status());
                assertArrayEquals(mine, fresh.read10(256, 8), "the stale WRITE landed before, not after");
            }
            assertEverythingBack(target);
        }
    }

    /** A leading Login Request straight to full feature phase, without waiting for the answer. */
    private static void sendLogin(RawInitiator client, long isid) throws java.io.IOException {
        client.send(new LoginRequest(true, false, 1, 3, 0, 0, isid, 0, client.newItt(), 0, 1, 0,
                Unpooled.wrappedBuffer(TextCodec.encode(RawInitiator.loginKeys(INITIATOR, TestTarget.IQN)))));
    }

    private static void expectLoggedIn(RawInitiator client) throws java.io.IOException {
        LoginResponse response = client.expect(LoginResponse.class);
        try {
            assertEquals(0, response.statusClass());
            assertTrue(response.transit() && response.nsg() == 3);
            assertTrue(response.tsih() != 0);
            client.loggedIn(response);
        } finally {
            response.release();
        }
    }

    /**
     * CLEAR TASK SET, LOGICAL UNIT RESET and TARGET WARM RESET reach every session's tasks (SAM-5 §7):
     * the response to the session that sent it waits for another session's WRITE in the device, and
     * that WRITE is aborted without a response.
     */
    @ParameterizedTest(name = "function {0}")
    @ValueSource(ints = {4, 5, 6})
    void aResetWaitsForTheWriteOfAnotherSessionAndAbortsIt(int function) throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(device);
             RawInitiator other = RawInitiator.connect(target.port());
             RawInitiator issuer = RawInitiator.connect(target.port())) {
            assertTrue(other.login(INITIATOR + "-other", TestTarget.IQN, RawInitiator.ISID_BASE | 0x21).succeeded());
            assertTrue(issuer.login(INITIATOR, TestTarget.IQN, RawInitiator.ISID_BASE | 0x22).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            byte[] stale = filled(8 * BLOCK, 0x44);
            other.send(new ScsiCommand(false, true, false, true, 1, 0, other.newItt(), stale.length,
                    other.consumeCmdSn(), other.expStatSn(), RawInitiator.cdb10(0x2A, 512, 8), -1,
                    Unpooled.wrappedBuffer(stale)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            int tmf = issuer.newItt();
            issuer.send(new TaskManagementRequest(true, function, 0, tmf, Pdu.RESERVED_TAG, issuer.cmdSn(),
                    issuer.expStatSn(), 0, 0));
            assertArrayEquals(new byte[] {1}, issuer.ping(new byte[] {1}), "the ping is answered before the TMF");
            assertFalse(issuer.expectClosed(QUIET), "no TMF response while the other session's WRITE is in the device");

            held.release();
            TaskManagementResponse response = issuer.expect(TaskManagementResponse.class);
            assertEquals(tmf, response.itt());
            assertEquals(0, response.response(), "FUNCTION COMPLETE");
            assertArrayEquals(new byte[] {2}, other.ping(new byte[] {2}), "the other session's WRITE got no response");
            assertEverythingBack(target);
        }
    }

    /** ABORT TASK SET is for the I_T nexus that sent it: another session's WRITE goes on and completes. */
    @Test
    void abortTaskSetLeavesOtherSessionsAlone() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(device);
             RawInitiator other = RawInitiator.connect(target.port());
             RawInitiator issuer = RawInitiator.connect(target.port())) {
            assertTrue(other.login(INITIATOR + "-other", TestTarget.IQN, RawInitiator.ISID_BASE | 0x23).succeeded());
            assertTrue(issuer.login(INITIATOR, TestTarget.IQN, RawInitiator.ISID_BASE | 0x24).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            byte[] data = filled(8 * BLOCK, 0x55);
            int write = other.newItt();
            other.send(new ScsiCommand(false, true, false, true, 1, 0, write, data.length, other.consumeCmdSn(),
                    other.expStatSn(), RawInitiator.cdb10(0x2A, 640, 8), -1, Unpooled.wrappedBuffer(data)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            int tmf = issuer.newItt();
            issuer.send(new TaskManagementRequest(true, 2, 0, tmf, Pdu.RESERVED_TAG, issuer.cmdSn(),
                    issuer.expStatSn(), 0, 0));
            TaskManagementResponse response = issuer.expect(TaskManagementResponse.class);
            assertEquals(0, response.response(), "at once: this session has no tasks");
            held.release();
            assertEquals(0, other.collect(write).status(), "the other session's WRITE completes GOOD");
            assertArrayEquals(data, other.read10(640, 8));
        }
    }

    private static TestTarget start(ControlledDevice device) {
        return TestTarget.start("[ { lun = 0, backend = memory, size = 4MiB } ]", TestTarget.NO_PAGE_RESERVE,
                device::open);
    }

    private static byte[] filled(int length, int value) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private static void assertEverythingBack(TestTarget target) {
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        PoolStats stats = probe.awaitAssert(WAIT, () -> {
            PoolStats s = target.server().poolStats();
            assertEquals(s.totalPages(), s.freePages(), s.summary());
            return s;
        });
        assertEquals(0, stats.doubleReleases());
    }
}
