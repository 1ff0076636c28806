package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.text.KeyValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Persistent reservations on the wire: parameter lists as immediate data and through an R2T, a
 * WRITE with unsolicited Data-Out from a nexus the reservation excludes (the data is absorbed, the
 * answer is RESERVATION CONFLICT, the session goes on), reads left to it under WRITE EXCLUSIVE.
 */
class ReservationConflictTest {
    private static final int BLOCK = 512;
    private static final int RESERVATION_CONFLICT = 0x18;
    private static final List<KeyValue> UNSOLICITED = List.of(new KeyValue("ImmediateData", "Yes"),
            new KeyValue("InitialR2T", "No"));
    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]", "");
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    private static byte[] prOut(int serviceAction, int type) {
        byte[] cdb = new byte[16];
        cdb[0] = 0x5F;
        cdb[1] = (byte) serviceAction;
        cdb[2] = (byte) type;
        cdb[8] = 24;
        return cdb;
    }

    private static byte[] list(long key, long serviceActionKey) {
        return ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey).array();
    }

    private static int prOut(PduClient client, int serviceAction, int type, long key, long serviceActionKey)
            throws IOException {
        return client.command(0, prOut(serviceAction, type), false, true, 24,
                Unpooled.wrappedBuffer(list(key, serviceActionKey))).status();
    }

    @Test
    void aWriteFromAnExcludedNexusConflictsAfterItsUnsolicitedDataAndReadsStayAllowed() throws IOException {
        try (PduClient holder = PduClient.login(target.port(), TestTarget.IQN, UNSOLICITED);
             PduClient other = PduClient.login(target.port(), TestTarget.IQN, UNSOLICITED)) {
            assertEquals(0, prOut(holder, 0, 0, 0, 0xAB)); // REGISTER
            assertEquals(0, prOut(holder, 1, 1, 0xAB, 0)); // RESERVE, WRITE EXCLUSIVE
            byte[] data = new byte[8192];
            PduClient.Outcome write = other.write10Unsolicited(0, 0, data, BLOCK, 1024, 65536, 1024);
            assertEquals(RESERVATION_CONFLICT, write.status());
            assertEquals(0, other.read10(0, 0, 1, BLOCK).status());
            assertEquals(0, holder.write10(0, 0, new byte[BLOCK], BLOCK).status());

            // REGISTER from the other nexus with its parameter list solicited by an R2T.
            int itt = other.submit(0, prOut(0, 0), false, true, 24, Unpooled.EMPTY_BUFFER);
            Pdu next = other.next(Duration.ofSeconds(10));
            R2t r2t = assertInstanceOf(R2t.class, next);
            assertEquals(24, r2t.desiredDataTransferLength());
            other.send(new DataOut(true, PduClient.lunField(0), itt, r2t.ttt(), 0, 0, 0,
                    Unpooled.wrappedBuffer(list(0, 0xCD))));
            assertEquals(0, other.await(itt, Duration.ofSeconds(10)).status());

            byte[] prIn = new byte[16];
            prIn[0] = 0x5E; // PERSISTENT RESERVE IN, READ KEYS
            prIn[8] = 64;
            byte[] keys = holder.command(0, prIn, true, false, 64, Unpooled.EMPTY_BUFFER).data();
            ByteBuffer b = ByteBuffer.wrap(keys);
            assertEquals(2, b.getInt(0)); // PRgeneration: two registrations
            assertEquals(16, b.getInt(4));
            assertArrayEquals(new long[] {0xAB, 0xCD}, new long[] {b.getLong(8), b.getLong(16)});
            assertEquals(0, prOut(holder, 3, 0, 0xAB, 0)); // CLEAR
            PduClient.Outcome told = other.write10(0, 0, new byte[BLOCK], BLOCK);
            assertEquals(0x02, told.status()); // UNIT ATTENTION, RESERVATIONS PREEMPTED
            assertArrayEquals(new byte[] {0x06, 0x2A, 0x03},
                    new byte[] {(byte) (told.sense()[2] & 0x0F), told.sense()[12], told.sense()[13]});
            assertEquals(0, other.write10(0, 0, new byte[BLOCK], BLOCK).status());
        }
        assertEquals(0, target.server().poolStats().doubleReleases());
    }

    /**
     * SPC-2 §5.5.1: the Logout ends the nexus and its RESERVE(6), before the initiator hears the answer:
     * a command another session sends right after the Logout Response does not conflict (libiscsi's
     * Sanitize.Reservations releases its second connection's reservation this way and the next test's
     * first command follows at once). Twenty rounds, to give a stale view a chance to show.
     */
    @Test
    void aLogoutReleasesTheSpc2ReservationBeforeItsResponse() throws IOException {
        byte[] reserve6 = new byte[16];
        reserve6[0] = 0x16;
        try (PduClient other = PduClient.login(target.port(), TestTarget.IQN)) {
            for (int round = 0; round < 20; round++) {
                try (RawInitiator holder = RawInitiator.connect(target.port())) {
                    holder.login("iqn.2026-11.io.pagewire:holder", TestTarget.IQN);
                    assertEquals(0, holder.command(0, reserve6, 0).status());
                    assertEquals(RESERVATION_CONFLICT, other.command(0, new byte[16], false, false, 0,
                            Unpooled.EMPTY_BUFFER).status(), "round " + round + ": reserved");
                    assertEquals(0, holder.logout());
                }
                assertEquals(0, other.command(0, new byte[16], false, false, 0, Unpooled.EMPTY_BUFFER).status(),
                        "round " + round + ": released by the logout");
            }
        }
    }
}
