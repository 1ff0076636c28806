package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unit attentions and SPC-2 reservations per I_T nexus, on the wire: the first command of a new
 * nexus gets POWER ON, RESET (INQUIRY does not), a LOGICAL UNIT RESET owes the other nexuses BUS
 * DEVICE RESET FUNCTION OCCURRED, a RESERVE(6) makes another nexus's READ conflict until the holder's
 * nexus is gone.
 */
class UnitAttentionTest {
    private static final int CHECK_CONDITION = 0x02;
    private static final int RESERVATION_CONFLICT = 0x18;
    private static final int UNIT_ATTENTION = 0x06;
    private static TestTarget target;
    private static long nextIsid = RawInitiator.ISID_BASE | 0x100;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]", TestTarget.POWER_ON_UNIT_ATTENTION);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static RawInitiator login(String name) throws IOException {
        RawInitiator client = RawInitiator.connect(target.port());
        assertTrue(client.login(name, TestTarget.IQN, nextIsid++).succeeded());
        return client;
    }

    /** Fixed-format sense in the SCSI Response data segment (2-byte length first): key, ASC, ASCQ. */
    private static void assertSense(RawInitiator.Outcome outcome, int key, int asc, int ascq) {
        assertEquals(CHECK_CONDITION, outcome.status());
        byte[] sense = outcome.sense();
        assertEquals(0x70, sense[2] & 0x7F);
        assertArrayEquals(new byte[] {(byte) key, (byte) asc, (byte) ascq},
                new byte[] {(byte) (sense[2 + 2] & 0x0F), sense[2 + 12], sense[2 + 13]});
    }

    private static byte[] cdb(int... bytes) {
        byte[] cdb = new byte[16];
        for (int i = 0; i < bytes.length; i++) {
            cdb[i] = (byte) bytes[i];
        }
        return cdb;
    }

    @Test
    void theFirstCommandOfANewNexusGetsPowerOnOnceAndInquiryIsNotBlocked() throws IOException {
        try (RawInitiator client = login("iqn.2026-11.io.pagewire:ua-first")) {
            assertEquals(0, client.command(0, cdb(0x12, 0, 0, 0, 36), 36).status()); // INQUIRY passes
            assertSense(client.testUnitReady(), UNIT_ATTENTION, 0x29, 0x00);
            assertEquals(0, client.testUnitReady().status());
            assertEquals(512, client.read10(0, 1).length);
        }
    }

    @Test
    void requestSenseReportsThePendingAttentionAndClearsIt() throws IOException {
        try (RawInitiator client = login("iqn.2026-11.io.pagewire:ua-request-sense")) {
            RawInitiator.Outcome sense = client.command(0, cdb(0x03, 0, 0, 0, 18), 18);
            assertEquals(0, sense.status());
            byte[] data = sense.data();
            assertEquals(0x70, data[0] & 0x7F);
            assertArrayEquals(new byte[] {UNIT_ATTENTION, 0x29, 0x00}, new byte[] {data[2], data[12], data[13]});
            assertEquals(0, client.testUnitReady().status());
            byte[] none = client.command(0, cdb(0x03, 0, 0, 0, 18), 18).data();
            assertEquals(0, none[2]); // NO SENSE now
        }
    }

    @Test
    void aLogicalUnitResetOwesEveryNexusAnAttentionBeforeItsResponse() throws IOException {
        try (RawInitiator resetter = login("iqn.2026-11.io.pagewire:ua-resetter");
             RawInitiator other = login("iqn.2026-11.io.pagewire:ua-other")) {
            resetter.testUnitReady();
            other.testUnitReady();
            int itt = resetter.newItt();
            resetter.send(new TaskManagementRequest(true, 5, 0, itt, -1, resetter.cmdSn(), resetter.expStatSn(), 0, 0));
            TaskManagementResponse response = resetter.expect(TaskManagementResponse.class);
            assertEquals(0, response.response());
            // no wait: the response comes after every session has the attention (libiscsi MultipathIO.Reset)
            assertSense(resetter.testUnitReady(), UNIT_ATTENTION, 0x29, 0x03);
            assertSense(other.testUnitReady(), UNIT_ATTENTION, 0x29, 0x03);
            assertEquals(0, other.testUnitReady().status());
            assertEquals(0, resetter.testUnitReady().status());
        }
    }

    @Test
    void reserveSixMakesTheOtherNexusConflictUntilTheHolderIsGone() throws Exception {
        RawInitiator holder = login("iqn.2026-11.io.pagewire:reserve-holder");
        try (RawInitiator other = login("iqn.2026-11.io.pagewire:reserve-other")) {
            holder.testUnitReady();
            other.testUnitReady();
            assertEquals(0, holder.command(0, cdb(0x16), 0).status()); // RESERVE(6)
            assertEquals(RESERVATION_CONFLICT, other.command(0, RawInitiator.cdb10(0x28, 0, 1), 512).status());
            assertEquals(RESERVATION_CONFLICT, other.testUnitReady().status());
            assertEquals(0, other.command(0, cdb(0x12, 0, 0, 0, 36), 36).status()); // INQUIRY is allowed
            assertEquals(0, other.command(0, cdb(0x17), 0).status()); // RELEASE by another: no-op
            assertEquals(RESERVATION_CONFLICT, other.testUnitReady().status());
            assertEquals(512, holder.read10(0, 1).length);
            holder.close(); // I_T nexus loss releases an SPC-2 reservation
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status;
            do {
                status = other.testUnitReady().status();
            } while (status == RESERVATION_CONFLICT && System.nanoTime() < deadline);
            assertEquals(0, status);
        } finally {
            holder.close();
        }
    }
}
