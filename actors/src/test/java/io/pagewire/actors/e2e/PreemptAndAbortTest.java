package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * PERSISTENT RESERVE OUT, PREEMPT AND ABORT as a cluster fences a node (fence_scsi, SPC-4
 * §5.12.11.2.6): node B is registered, holds a WRITE EXCLUSIVE – REGISTRANTS ONLY reservation, has a
 * WRITE inside the device and another WRITE of the same blocks waiting for its Data-Out. Node A
 * preempts B's key with PREEMPT AND ABORT: A's GOOD comes only after B's WRITE has left the device, B
 * gets no response for either WRITE, B's next commands get REGISTRATIONS PREEMPTED, then COMMANDS
 * CLEARED BY ANOTHER INITIATOR, then RESERVATION CONFLICT, and what A writes to the blocks after its
 * GOOD is what stays there.
 */
class PreemptAndAbortTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(500);
    private static final int BLOCK = RawInitiator.BLOCK_SIZE;
    private static final int LBA = 96;
    private static final int BLOCKS = 8;
    private static final int REGISTER = 0;
    private static final int RESERVE = 1;
    private static final int PREEMPT_AND_ABORT = 5;
    private static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5;
    private static final long KEY_A = 0xA1;
    private static final long KEY_B = 0xB2;

    @Test
    void theFencedNodesTasksAreAbortedBeforeGoodAndNoneOfItsWritesLandsAfterIt() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = TestTarget.start("[ { lun = 0, backend = memory, size = 4MiB } ]",
                TestTarget.NO_PAGE_RESERVE, device::open);
             RawInitiator a = RawInitiator.connect(target.port());
             RawInitiator b = RawInitiator.connect(target.port())) {
            assertTrue(a.login("iqn.2026-11.io.pagewire:node-a", TestTarget.IQN).succeeded());
            assertTrue(b.login("iqn.2026-11.io.pagewire:node-b", TestTarget.IQN).succeeded());
            assertEquals(0, prOut(a, REGISTER, 0, 0, KEY_A).status());
            assertEquals(0, prOut(b, REGISTER, 0, 0, KEY_B).status());
            assertEquals(0, prOut(b, RESERVE, WRITE_EXCLUSIVE_REGISTRANTS_ONLY, KEY_B, 0).status());

            // B: one WRITE inside the device, one WRITE of the same blocks waiting for its Data-Out.
            ControlledDevice.Gate held = device.holdNextCall();
            byte[] stale = filled(BLOCKS * BLOCK, 0x5B);
            b.send(new ScsiCommand(false, true, false, true, 1, 0, b.newItt(), stale.length, b.consumeCmdSn(),
                    b.expStatSn(), RawInitiator.cdb10(0x2A, LBA, BLOCKS), -1, Unpooled.wrappedBuffer(stale)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            int queued = b.newItt();
            b.send(new ScsiCommand(false, true, false, true, 1, 0, queued, stale.length, b.consumeCmdSn(),
                    b.expStatSn(), RawInitiator.cdb10(0x2A, LBA, BLOCKS), -1,
                    Unpooled.wrappedBuffer(stale, 0, BLOCK)));
            R2t r2t = b.expect(R2t.class);
            assertEquals(queued, r2t.itt(), "the second WRITE waits for the rest of its data");

            // A fences B.
            int fence = a.newItt();
            a.send(prOutCommand(a, fence, PREEMPT_AND_ABORT, WRITE_EXCLUSIVE_REGISTRANTS_ONLY, KEY_A, KEY_B));
            assertArrayEquals(new byte[] {1}, a.ping(new byte[] {1}), "the ping is answered, the PREEMPT AND ABORT not");
            assertFalse(a.expectClosed(QUIET), "no GOOD while B's WRITE is in the device");

            held.release();
            RawInitiator.Outcome preempted = a.collect(fence);
            assertEquals(0, preempted.status(), "GOOD once B's WRITE has left the device");

            // After GOOD: what A writes stays; B's WRITEs got no response and cannot land any more.
            byte[] mine = filled(BLOCKS * BLOCK, 0xA5);
            assertEquals(0, a.dataOut(0, RawInitiator.cdb10(0x2A, LBA, BLOCKS), mine).status());
            assertArrayEquals(new byte[] {2}, b.ping(new byte[] {2}), "no SCSI Response for B's aborted WRITEs");
            assertSense(b.testUnitReady(), 0x2A, 0x05, "REGISTRATIONS PREEMPTED");
            assertSense(b.testUnitReady(), 0x2F, 0x00, "COMMANDS CLEARED BY ANOTHER INITIATOR");
            assertEquals(0x18, b.dataOut(0, RawInitiator.cdb10(0x2A, LBA, 1), filled(BLOCK, 0x5C)).status(),
                    "B's new WRITE: RESERVATION CONFLICT");
            assertArrayEquals(mine, a.read10(LBA, BLOCKS), "A's data, not a late WRITE of B");
            assertArrayEquals(new byte[] {3}, b.ping(new byte[] {3}), "still nothing for B's WRITEs");
            assertEverythingBack(target);
        }
    }

    /** A preempted node with nothing running: GOOD at once, no COMMANDS CLEARED for it. */
    @Test
    void aPreemptedNodeWithoutTasksGetsOnlyRegistrationsPreempted() throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = TestTarget.start("[ { lun = 0, backend = memory, size = 4MiB } ]",
                TestTarget.NO_PAGE_RESERVE, device::open);
             RawInitiator a = RawInitiator.connect(target.port());
             RawInitiator b = RawInitiator.connect(target.port())) {
            assertTrue(a.login("iqn.2026-11.io.pagewire:node-a", TestTarget.IQN).succeeded());
            assertTrue(b.login("iqn.2026-11.io.pagewire:node-b", TestTarget.IQN).succeeded());
            assertEquals(0, prOut(a, REGISTER, 0, 0, KEY_A).status());
            assertEquals(0, prOut(b, REGISTER, 0, 0, KEY_B).status());
            assertEquals(0, prOut(a, PREEMPT_AND_ABORT, 0, KEY_A, KEY_B).status());
            assertSense(b.testUnitReady(), 0x2A, 0x05, "REGISTRATIONS PREEMPTED");
            assertEquals(0, b.testUnitReady().status(), "nothing else owed");
        }
    }

    private static ScsiCommand prOutCommand(RawInitiator client, int itt, int serviceAction, int type, long key,
                                            long serviceActionKey) {
        byte[] cdb = new byte[16];
        cdb[0] = 0x5F;
        cdb[1] = (byte) serviceAction;
        cdb[2] = (byte) type;
        cdb[8] = 24;
        byte[] list = ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey).array();
        return new ScsiCommand(false, true, false, true, 1, 0, itt, list.length, client.consumeCmdSn(),
                client.expStatSn(), cdb, -1, Unpooled.wrappedBuffer(list));
    }

    private static RawInitiator.Outcome prOut(RawInitiator client, int serviceAction, int type, long key,
                                              long serviceActionKey) throws IOException {
        int itt = client.newItt();
        client.send(prOutCommand(client, itt, serviceAction, type, key, serviceActionKey));
        return client.collect(itt);
    }

    private static void assertSense(RawInitiator.Outcome outcome, int asc, int ascq, String what) {
        assertEquals(0x02, outcome.status(), what + ": CHECK CONDITION");
        byte[] sense = Arrays.copyOfRange(outcome.sense(), 2, outcome.sense().length); // SenseLength first
        assertEquals(0x06, sense[2] & 0x0F, what + ": UNIT ATTENTION");
        assertEquals(asc, sense[12] & 0xFF, what + ": ASC");
        assertEquals(ascq, sense[13] & 0xFF, what + ": ASCQ");
    }

    private static byte[] filled(int length, int value) {
        byte[] data = new byte[length];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private static void assertEverythingBack(TestTarget target) {
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        probe.awaitAssert(WAIT, () -> {
            PoolStats s = target.server().poolStats();
            assertEquals(s.totalPages(), s.freePages(), s.summary());
            return s;
        });
    }
}
