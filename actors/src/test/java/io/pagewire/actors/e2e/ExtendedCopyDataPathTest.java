package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * EXTENDED COPY over a raw session on a target with two LUNs: copies between the LUNs and within one,
 * parameter lists as immediate data and through R2T, every byte read back, RECEIVE COPY RESULTS after,
 * a refused list with its exact sense — and every page back in the pool. Pages of 16 KiB and
 * 64 KiB segments make each segment descriptor several lease → read → write rounds.
 */
class ExtendedCopyDataPathTest {
    private static final int BLOCK = 512;
    private static final int EXTENDED_COPY = 0x83;
    private static final int RECEIVE_COPY_RESULTS = 0x84;

    private TestTarget target;
    private PduClient client;
    private ControlledDevice device;

    @BeforeEach
    void start() throws IOException {
        device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB },"
                + " { lun = 1, backend = memory, size = 8MiB } ]",
                "pool { page-size = 16KiB, pages = 32 }\nsession.max-segment = 64KiB\n" + TestTarget.NO_PAGE_RESERVE,
                device::open);
        client = PduClient.login(target.port(), TestTarget.IQN);
        // Each LU installs its pipeline as its actor starts: BUSY until then (bounded wait, no sleep).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int lun = 0; lun < 2; lun++) {
            while (client.read10(lun, 0, 1, BLOCK).status() == PduClient.BUSY) {
                assertTrue(System.nanoTime() < deadline, "LUN " + lun + " never became ready");
                Thread.onSpinWait();
            }
        }
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        target.close();
    }

    @Test
    void copiesAcrossLunsAndWithinOneByteForByte() throws IOException {
        byte[] data = random(1, 1 << 20);
        write(0, 100, data);
        long naa0 = naa(0);
        long naa1 = naa(1);
        int blocks = data.length / BLOCK;
        byte[] list = list(5, 0, List.of(target(naa0), target(naa1)), List.of(
                blockToBlock(0, 1, blocks, 100, 10),        // LUN 0 → LUN 1
                blockToBlock(0, 0, 100, 100, 20_000),       // within LUN 0
                blockToBlock(1, 1, 0, 0, 0)));              // zero blocks: nothing moves

        PduClient.Outcome copy = extendedCopy(0, list, 0);  // the whole list through an R2T
        assertEquals(PduClient.GOOD, copy.status(), () -> "sense " + Arrays.toString(copy.sense()));

        assertArrayEquals(data, read(1, 10, blocks), "LUN 1 holds the copy");
        assertArrayEquals(Arrays.copyOf(data, 100 * BLOCK), read(0, 20_000, 100), "the copy within LUN 0");
        assertArrayEquals(data, read(0, 100, blocks), "the source is unchanged");

        PduClient.Outcome status = client.command(0, receiveCopyResults(0x00, 5, 64), true, false, 64,
                Unpooled.EMPTY_BUFFER);
        assertEquals(PduClient.GOOD, status.status());
        long bytes = (long) (blocks + 100) * BLOCK;
        assertArrayEquals(new byte[] {0, 0, 0, 8, 0x00, 0, 3, 0x00,
                (byte) (bytes >>> 24), (byte) (bytes >>> 16), (byte) (bytes >>> 8), (byte) bytes}, status.data());
        awaitPoolWhole();
    }

    @Test
    void listAsImmediateDataCopiesFromTheOtherLun() throws IOException {
        byte[] data = random(2, 200 * BLOCK);
        write(1, 0, data);
        byte[] list = list(0, 0b11, List.of(target(naa(1)), target(naa(0))),
                List.of(blockToBlock(0, 1, 200, 0, 32_000 - 200)));
        PduClient.Outcome copy = extendedCopy(1, list, list.length);
        assertEquals(PduClient.GOOD, copy.status(), () -> "sense " + Arrays.toString(copy.sense()));
        assertArrayEquals(data, read(0, 32_000 - 200, 200));
        // LIST ID USAGE 11b keeps no status
        PduClient.Outcome status = client.command(0, receiveCopyResults(0x00, 0, 64), true, false, 64,
                Unpooled.EMPTY_BUFFER);
        assertSense(status, 0x05, 0x24, 0x00);
        awaitPoolWhole();
    }

    @Test
    void overlappingRangesWithinOneUnitCopyAsIfReadFirst() throws IOException {
        // 300 blocks are five 64 KiB chunks: forward over a later part of the source would re-read
        // chunks it already overwrote, so an overlapping move to a higher LBA goes backwards.
        byte[] data = random(3, 300 * BLOCK);
        write(0, 1000, data);
        byte[] up = list(0, 0b11, List.of(target(naa(0))), List.of(blockToBlock(0, 0, 300, 1000, 1050)));
        assertEquals(PduClient.GOOD, extendedCopy(0, up, up.length).status());
        assertArrayEquals(data, read(0, 1050, 300), "moved up by 50 blocks");
        byte[] down = list(0, 0b11, List.of(target(naa(0))), List.of(blockToBlock(0, 0, 300, 1050, 900)));
        assertEquals(PduClient.GOOD, extendedCopy(0, down, down.length).status());
        assertArrayEquals(data, read(0, 900, 300), "moved down by 150 blocks");
        awaitPoolWhole();
    }

    @Test
    void refusedListsCopyNothingAndSayWhy() throws IOException {
        byte[] before = read(1, 0, 8);
        byte[] unknown = list(1, 0, List.of(target(0x6001_4050_DEAD_BEEFL)), List.of(blockToBlock(0, 0, 8, 0, 0)));
        assertSense(extendedCopy(0, unknown, 0), 0x0A, 0x0D, 0x02);   // COPY TARGET DEVICE NOT REACHABLE

        byte[] pastTheEnd = list(2, 0, List.of(target(naa(0)), target(naa(1))),
                List.of(blockToBlock(0, 1, 8, 0, 8 * 2048 - 4)));
        assertSense(extendedCopy(0, pastTheEnd, pastTheEnd.length), 0x0A, 0x00, 0x00);
        assertArrayEquals(before, read(1, 0, 8));

        byte[] truncated = Arrays.copyOf(pastTheEnd, 40);
        assertSense(extendedCopy(0, truncated, 0), 0x05, 0x1A, 0x00); // PARAMETER LIST LENGTH ERROR
        awaitPoolWhole();
    }

    @Test
    void aFailingDeviceAbortsTheCopyAndItsStatusSaysSo() throws IOException {
        byte[] list = list(9, 0, List.of(target(naa(0)), target(naa(1))), List.of(blockToBlock(0, 1, 256, 0, 0)));
        device.failIo(true);
        assertSense(extendedCopy(0, list, list.length), 0x0A, 0x11, 0x00);    // COPY ABORTED, read error
        device.failIo(false);
        PduClient.Outcome status = client.command(0, receiveCopyResults(0x00, 9, 64), true, false, 64,
                Unpooled.EMPTY_BUFFER);
        assertEquals(PduClient.GOOD, status.status());
        assertEquals(0x01, status.data()[4], "COPY MANAGER STATUS: completed with errors");
        awaitPoolWhole();
    }

    @Test
    void aConnectionLostMidCopyStrandsNoPage() throws Exception {
        byte[] list = list(3, 0, List.of(target(naa(0)), target(naa(1))), List.of(blockToBlock(0, 1, 2048, 0, 0)));
        ControlledDevice.Gate held = device.holdNextCall();
        byte[] cdb = new byte[16];
        cdb[0] = (byte) EXTENDED_COPY;
        put(cdb, 10, 4, list.length);
        client.submit(0, cdb, false, true, list.length, Unpooled.wrappedBuffer(list));
        held.entered.get(30, TimeUnit.SECONDS);   // the copy's first READ is inside the device, pages lent
        assertTrue(target.server().poolStats().outstanding() > 0, "the copy holds a chunk's pages");
        client.close();
        held.release();
        awaitPoolWhole();
        try (PduClient again = PduClient.login(target.port(), TestTarget.IQN)) {
            assertEquals(PduClient.GOOD, again.read10(1, 0, 8, BLOCK).status());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** EXTENDED COPY with the first {@code immediate} bytes of {@code list} as immediate data, the rest on R2T. */
    private PduClient.Outcome extendedCopy(int lun, byte[] list, int immediate) throws IOException {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) EXTENDED_COPY;
        put(cdb, 10, 4, list.length);
        int itt = client.submit(lun, cdb, false, true, list.length, Unpooled.wrappedBuffer(list, 0, immediate));
        while (true) {
            Pdu next = client.next(Duration.ofSeconds(30));
            if (next == null) {
                fail("connection closed during EXTENDED COPY");
            }
            try {
                if (next instanceof R2t r2t && r2t.itt() == itt) {
                    int from = r2t.bufferOffset();
                    int to = from + r2t.desiredDataTransferLength();
                    client.send(new DataOut(true, PduClient.lunField(lun), itt, r2t.ttt(), 0, 0, from,
                            Unpooled.wrappedBuffer(list, from, to - from)));
                    continue;
                }
                if (next instanceof ScsiResponse response && response.itt() == itt) {
                    byte[] segment = ByteBufUtil.getBytes(response.data());
                    return new PduClient.Outcome(response.status(),
                            segment.length > 2 ? Arrays.copyOfRange(segment, 2, segment.length) : new byte[0],
                            new byte[0]);
                }
                fail("unexpected " + next + " during EXTENDED COPY");
            } finally {
                ReferenceCountUtil.release(next);
            }
        }
    }

    private static byte[] receiveCopyResults(int serviceAction, int listId, int allocationLength) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) RECEIVE_COPY_RESULTS;
        cdb[1] = (byte) serviceAction;
        cdb[2] = (byte) listId;
        put(cdb, 10, 4, allocationLength);
        return cdb;
    }

    /** The NAA designator of {@code lun}: the first designator of VPD page 83h. */
    private long naa(int lun) throws IOException {
        byte[] inquiry = new byte[16];
        inquiry[0] = 0x12;
        inquiry[1] = 0x01;                      // EVPD
        inquiry[2] = (byte) 0x83;
        inquiry[4] = (byte) 255;
        PduClient.Outcome page = client.command(lun, inquiry, true, false, 255, Unpooled.EMPTY_BUFFER);
        assertEquals(PduClient.GOOD, page.status());
        byte[] d = page.data();
        assertEquals(0x03, d[5] & 0x3F, "first designator: NAA, logical unit");
        long naa = 0;
        for (int i = 0; i < 8; i++) {
            naa = naa << 8 | (d[8 + i] & 0xFF);
        }
        return naa;
    }

    private void write(int lun, long lba, byte[] data) throws IOException {
        int chunk = 32 * 1024;
        for (int at = 0; at < data.length; at += chunk) {
            PduClient.Outcome w = client.write10(lun, lba + at / BLOCK, Arrays.copyOfRange(data, at, at + chunk),
                    BLOCK);
            assertEquals(PduClient.GOOD, w.status());
        }
    }

    private byte[] read(int lun, long lba, int blocks) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int chunk = 256;
        for (int at = 0; at < blocks; at += chunk) {
            PduClient.Outcome r = client.read10(lun, lba + at, Math.min(chunk, blocks - at), BLOCK);
            assertEquals(PduClient.GOOD, r.status());
            all.writeBytes(r.data());
        }
        return all.toByteArray();
    }

    private static void assertSense(PduClient.Outcome outcome, int key, int asc, int ascq) {
        assertEquals(PduClient.CHECK_CONDITION, outcome.status());
        byte[] s = outcome.sense();
        assertTrue(s.length >= 14, "fixed sense");
        assertEquals(key, s[2] & 0x0F, "sense key");
        assertEquals(asc, s[12] & 0xFF, "ASC");
        assertEquals(ascq, s[13] & 0xFF, "ASCQ");
    }

    static byte[] target(long naa) {
        byte[] d = new byte[32];
        d[0] = (byte) 0xE4;
        d[4] = 0x01;
        d[5] = 0x03;
        d[7] = 8;
        put(d, 8, 8, naa);
        put(d, 29, 3, BLOCK);
        return d;
    }

    static byte[] blockToBlock(int source, int destination, int blocks, long sourceLba, long destinationLba) {
        byte[] d = new byte[28];
        d[0] = 0x02;
        put(d, 2, 2, 0x18);
        put(d, 4, 2, source);
        put(d, 6, 2, destination);
        put(d, 10, 2, blocks);
        put(d, 12, 8, sourceLba);
        put(d, 20, 8, destinationLba);
        return d;
    }

    static byte[] list(int listId, int usage, List<byte[]> targets, List<byte[]> segments) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        targets.forEach(t::writeBytes);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        segments.forEach(s::writeBytes);
        byte[] header = new byte[16];
        header[0] = (byte) listId;
        header[1] = (byte) (usage << 3);
        put(header, 2, 2, t.size());
        put(header, 8, 4, s.size());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(header);
        all.writeBytes(t.toByteArray());
        all.writeBytes(s.toByteArray());
        return all.toByteArray();
    }

    private static void put(byte[] b, int offset, int width, long value) {
        for (int i = 0; i < width; i++) {
            b[offset + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
    }

    private static byte[] random(int seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Page returns are messages: poll until the pool is whole again. */
    private void awaitPoolWhole() {
        TestProbe<Void> probe = TestProbe.create(target.server().system());
        try {
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                PoolStats stats = target.server().poolStats();
                assertEquals(0, stats.outstanding(), stats::summary);
                assertEquals(stats.totalPages(), stats.freePages(), stats::summary);
                assertEquals(0, stats.doubleReleases(), stats::summary);
                return null;
            });
        } finally {
            probe.stop();
        }
    }
}
