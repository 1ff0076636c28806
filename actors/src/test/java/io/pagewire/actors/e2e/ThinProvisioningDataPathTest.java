package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.scsi.LunAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data path of WRITE SAME, UNMAP and GET LBA STATUS and of write protection, byte for byte, over
 * a raw socket: LUN 0 is thin (memory, 1 MiB chunks = 2048 blocks), LUN 1 fully provisioned, LUN 2
 * read-only. After every test all pages are back in the pool.
 */
class ThinProvisioningDataPathTest {
    private static final String INITIATOR = "iqn.2026-11.io.pagewire.test:thin";
    private static final int BLOCK = RawInitiator.BLOCK_SIZE;
    private static final int CHUNK_BLOCKS = 2048;
    private static final AtomicLong isids = new AtomicLong();

    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB, thin-provisioning = true },"
                + " { lun = 1, backend = memory, size = 16MiB },"
                + " { lun = 2, backend = memory, size = 16MiB, read-only = true } ]", "");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @AfterEach
    void everyPageIsBack() {
        target.awaitEveryPageFree();
    }

    @Test
    void writeSameReplicatesTheImmediateBlock() throws IOException {
        try (RawInitiator client = loggedIn()) {
            for (int lun : new int[] {0, 1}) {
                RawInitiator.Outcome done = write(client, lun, writeSame10(0, 10, 300), filled(BLOCK, 0xA6), true);
                assertEquals(0, done.status(), "GOOD on LUN " + lun);
                byte[] read = read(client, lun, 9, 302);
                assertArrayEquals(new byte[BLOCK], Arrays.copyOfRange(read, 0, BLOCK), "LBA 9 untouched");
                assertArrayEquals(filled(300 * BLOCK, 0xA6), Arrays.copyOfRange(read, BLOCK, 301 * BLOCK));
                assertArrayEquals(new byte[BLOCK], Arrays.copyOfRange(read, 301 * BLOCK, 302 * BLOCK), "LBA 310");
            }
        }
    }

    @Test
    void writeSameWithTheBlockInUnsolicitedDataOut() throws IOException {
        try (RawInitiator client = loggedIn()) {
            int itt = client.newItt();
            byte[] cdb = writeSame16(0, 100, 5);
            client.send(new ScsiCommand(false, false, false, true, 1, 0, itt, BLOCK, client.consumeCmdSn(),
                    client.expStatSn(), cdb, -1, Unpooled.EMPTY_BUFFER));
            client.send(new DataOut(true, 0, itt, Pdu.RESERVED_TAG, client.expStatSn(), 0, 0,
                    Unpooled.wrappedBuffer(filled(BLOCK, 0x3C))));
            assertEquals(0, client.collect(itt).status());
            assertArrayEquals(filled(5 * BLOCK, 0x3C), read(client, 0, 100, 5));
        }
    }

    @Test
    void unmapAndNdobDeallocateAndGetLbaStatusSaysSo() throws IOException {
        try (RawInitiator client = loggedIn()) {
            // map chunks 1 and 2 (LBA 2048..6143) with WRITE SAME, then look
            assertEquals(0, write(client, 0, writeSame16(0, CHUNK_BLOCKS, 2 * CHUNK_BLOCKS),
                    filled(BLOCK, 0x77), true).status());
            assertArrayEquals(descriptor(CHUNK_BLOCKS, 2 * CHUNK_BLOCKS, 0), lbaStatus(client, CHUNK_BLOCKS, 24));

            // UNMAP chunk 1 with the parameter list as immediate data
            RawInitiator.Outcome unmapped = write(client, 0, unmapCdb(24), unmapList(CHUNK_BLOCKS, CHUNK_BLOCKS), true);
            assertEquals(0, unmapped.status());
            assertArrayEquals(new byte[CHUNK_BLOCKS * BLOCK], read(client, 0, CHUNK_BLOCKS, CHUNK_BLOCKS));
            assertArrayEquals(descriptor(CHUNK_BLOCKS, CHUNK_BLOCKS, 1), lbaStatus(client, CHUNK_BLOCKS, 24));
            assertArrayEquals(descriptor(2 * CHUNK_BLOCKS, CHUNK_BLOCKS, 0), lbaStatus(client, 2 * CHUNK_BLOCKS, 24));

            // WRITE SAME(16) with NDOB (byte 1 bit 0): zeros without Data-Out, chunk 2 deallocated
            RawInitiator.Outcome ndob = client.command(0, writeSame16(0x01, 2 * CHUNK_BLOCKS, CHUNK_BLOCKS), 0);
            assertEquals(0, ndob.status());
            assertArrayEquals(new byte[4 * BLOCK], read(client, 0, 3 * CHUNK_BLOCKS - 4, 4));
            assertArrayEquals(descriptor(2 * CHUNK_BLOCKS, 32768 - 2 * CHUNK_BLOCKS, 1),
                    lbaStatus(client, 2 * CHUNK_BLOCKS, 24));
        }
    }

    @Test
    void badUnmapListUnmapsNothing() throws IOException {
        try (RawInitiator client = loggedIn()) {
            assertEquals(0, write(client, 0, writeSame10(0, 8, 1), filled(BLOCK, 0x11), true).status());
            byte[] list = unmapList(8, 1, 32768, 1); // the second descriptor is past the end
            RawInitiator.Outcome failed = write(client, 0, unmapCdb(list.length), list, true);
            expectSense(failed, 0x05, 0x21, 0x00);
            assertArrayEquals(filled(BLOCK, 0x11), read(client, 0, 8, 1));
        }
    }

    @Test
    void writeSameWithoutExactlyOneBlockFailsAndTheConnectionGoesOn() throws IOException {
        try (RawInitiator client = loggedIn()) {
            expectSense(write(client, 0, writeSame10(0, 0, 1), filled(2 * BLOCK, 1), true), 0x05, 0x0E, 0x03);
            expectSense(write(client, 0, writeSame10(0, 0, 1), filled(BLOCK / 2, 1), true), 0x05, 0x0E, 0x03);
            assertEquals(0, client.testUnitReady().status());
        }
    }

    @Test
    void readOnlyLunAbsorbsTheDataAndAnswersWriteProtected() throws IOException {
        try (RawInitiator client = loggedIn()) {
            // WRITE(10) of 64 blocks: 8 KiB immediate, the rest of the first burst as unsolicited Data-Out
            int itt = client.newItt();
            int length = 64 * BLOCK;
            client.send(new ScsiCommand(false, false, false, true, 1, LunAddress.encode(2), itt, length,
                    client.consumeCmdSn(),
                    client.expStatSn(), RawInitiator.cdb10(0x2A, 0, 64), -1,
                    Unpooled.wrappedBuffer(filled(8192, 0x55))));
            client.send(new DataOut(true, LunAddress.encode(2), itt, Pdu.RESERVED_TAG, client.expStatSn(), 0, 8192,
                    Unpooled.wrappedBuffer(filled(length - 8192, 0x55))));
            expectSense(client.collect(itt), 0x07, 0x27, 0x00);
            expectSense(write(client, 2, writeSame10(0x08, 0, 1), filled(BLOCK, 0), true), 0x07, 0x27, 0x00);
            expectSense(write(client, 2, unmapCdb(24), unmapList(0, 1), true), 0x07, 0x27, 0x00);
            assertArrayEquals(new byte[BLOCK], read(client, 2, 0, 1), "nothing was written");
            // MODE SENSE(6): WP | DPOFUA in the DEVICE-SPECIFIC PARAMETER
            byte[] modeSense6 = new byte[16];
            modeSense6[0] = 0x1A;
            modeSense6[1] = 0x08;
            modeSense6[2] = 0x3F;
            modeSense6[4] = (byte) 0xFF;
            RawInitiator.Outcome mode = client.command(LunAddress.encode(2), modeSense6, 255);
            assertEquals(0, mode.status());
            assertEquals(0x90, mode.data()[2] & 0xFF);
            assertEquals(0, client.command(LunAddress.encode(2), new byte[16], 0).status(), "TEST UNIT READY");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static RawInitiator loggedIn() throws IOException {
        RawInitiator client = RawInitiator.connect(target.port());
        RawInitiator.Login login = client.login(INITIATOR, TestTarget.IQN,
                RawInitiator.ISID_BASE | 0x2000 | isids.incrementAndGet());
        assertTrue(login.succeeded(), () -> "login: " + login);
        return client;
    }

    /** A write-direction command with all of {@code data} as immediate data (F = 1). */
    private static RawInitiator.Outcome write(RawInitiator client, int lun, byte[] cdb, byte[] data, boolean last)
            throws IOException {
        int itt = client.newItt();
        client.send(new ScsiCommand(false, last, false, true, 1, LunAddress.encode(lun), itt, data.length,
                client.consumeCmdSn(),
                client.expStatSn(), cdb, -1, Unpooled.wrappedBuffer(data)));
        return client.collect(itt);
    }

    private static byte[] read(RawInitiator client, int lun, int lba, int blocks) throws IOException {
        RawInitiator.Outcome outcome = client.command(LunAddress.encode(lun), RawInitiator.cdb10(0x28, lba, blocks),
                blocks * BLOCK);
        assertEquals(0, outcome.status(), "READ(10)");
        return outcome.data();
    }

    /** GET LBA STATUS on LUN 0 from {@code lba}. */
    private static byte[] lbaStatus(RawInitiator client, long lba, int allocationLength) throws IOException {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x9E;
        cdb[1] = 0x12;
        ByteBuffer.wrap(cdb).putLong(2, lba).putInt(10, allocationLength);
        RawInitiator.Outcome outcome = client.command(0, cdb, allocationLength);
        assertEquals(0, outcome.status(), "GET LBA STATUS");
        return outcome.data();
    }

    private static byte[] descriptor(long lba, long blocks, int status) {
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putInt(0, 20).putLong(8, lba).putInt(16, (int) blocks).put(20, (byte) status);
        return b.array();
    }

    private static byte[] writeSame10(int flags, int lba, int blocks) {
        byte[] cdb = RawInitiator.cdb10(0x41, lba, blocks);
        cdb[1] = (byte) flags;
        return cdb;
    }

    private static byte[] writeSame16(int flags, long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x93;
        cdb[1] = (byte) flags;
        ByteBuffer.wrap(cdb).putLong(2, lba).putInt(10, blocks);
        return cdb;
    }

    private static byte[] unmapCdb(int parameterListLength) {
        byte[] cdb = new byte[16];
        cdb[0] = 0x42;
        cdb[7] = (byte) (parameterListLength >>> 8);
        cdb[8] = (byte) parameterListLength;
        return cdb;
    }

    /** UNMAP parameter list of descriptors given as lba, blocks, lba, blocks, ... */
    private static byte[] unmapList(long... lbaAndBlocks) {
        int descriptors = lbaAndBlocks.length / 2;
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * descriptors);
        b.putShort(0, (short) (b.capacity() - 2)).putShort(2, (short) (16 * descriptors));
        for (int i = 0; i < descriptors; i++) {
            b.putLong(8 + 16 * i, lbaAndBlocks[2 * i]).putInt(16 + 16 * i, (int) lbaAndBlocks[2 * i + 1]);
        }
        return b.array();
    }

    private static void expectSense(RawInitiator.Outcome outcome, int key, int asc, int ascq) {
        assertEquals(2, outcome.status(), "CHECK CONDITION");
        byte[] sense = outcome.sense(); // SenseLength (2 bytes), then fixed-format sense
        assertEquals(0x70, sense[2] & 0x7F);
        assertEquals(key, sense[4] & 0x0F, "sense key");
        assertEquals(asc, sense[14] & 0xFF, "ASC");
        assertEquals(ascq, sense[15] & 0xFF, "ASCQ");
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
