package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.config.LunConfig;
import io.pagewire.protocol.scsi.LunAddress;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code write-cache} LUN key end to end, against file devices wrapped to journal what reaches them: with
 * the cache on, a plain WRITE is answered without a flush, a FUA WRITE and SYNCHRONIZE CACHE only
 * after one; with {@code write-cache = false} every WRITE is flushed before its GOOD, and MODE SENSE
 * reports WCE accordingly (SBC-3 §6.4.5). A journal entry for a flush is made when the flush has
 * returned, so at the moment the initiator holds GOOD the journal shows what was durable.
 */
class WriteCacheTest {
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:write-cache";
    private static final long LUN_CACHED = LunAddress.encode(0);
    private static final long LUN_WRITE_THROUGH = LunAddress.encode(1);

    private final Map<Integer, List<String>> journals = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @Test
    void withTheCacheOnOnlyFuaAndSynchronizeCacheFlushBeforeGood() throws IOException {
        try (TestTarget target = start(); RawInitiator client = loggedIn(target)) {
            assertEquals(0, client.write10(LUN_CACHED, 8, block((byte) 1), false).status());
            assertEquals(List.of("write 4096+512"), journal(0), "a plain WRITE is not flushed");

            assertEquals(0, client.write10(LUN_CACHED, 16, block((byte) 2), true).status());
            assertEquals(List.of("write 4096+512", "write 8192+512", "flushed"), journal(0),
                    "a FUA WRITE is flushed before GOOD");

            assertEquals(0, client.command(LUN_CACHED, RawInitiator.cdb10(0x35, 0, 0), 0).status());
            assertEquals(List.of("write 4096+512", "write 8192+512", "flushed", "flushed"), journal(0),
                    "SYNCHRONIZE CACHE(10) flushes before GOOD");
        }
    }

    @Test
    void withTheCacheOffEveryWriteIsFlushedBeforeGood() throws IOException {
        try (TestTarget target = start(); RawInitiator client = loggedIn(target)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(0, client.write10(LUN_WRITE_THROUGH, i, block((byte) i), false).status());
                assertEquals("flushed", last(journal(1)), "WRITE " + i + " flushed before GOOD");
            }
            assertEquals(List.of("write 0+512", "flushed", "write 512+512", "flushed", "write 1024+512", "flushed"),
                    journal(1));
            assertTrue(journal(0).isEmpty(), "the other LUN is untouched");
            assertArrayEquals(block((byte) 2), read(client, LUN_WRITE_THROUGH, 2));
        }
    }

    /**
     * Every other command that writes the medium honours WCE = 0 too (SBC-3 §6.4.5): WRITE SAME,
     * COMPARE AND WRITE, ORWRITE(16), WRITE ATOMIC(16) and EXTENDED COPY are flushed before GOOD on
     * the write-through LUN and not on the cached one; WRITE AND VERIFY is flushed on both (it reads
     * back from the medium).
     */
    @Test
    void withTheCacheOffEveryMediumWritingCommandIsFlushedBeforeGood() throws IOException {
        try (TestTarget target = start(); RawInitiator client = loggedIn(target)) {
            for (int lun = 0; lun <= 1; lun++) {
                long field = LunAddress.encode(lun);
                boolean through = lun == 1;
                assertFlushed(through, lun, "WRITE SAME(10)",
                        () -> client.dataOut(field, RawInitiator.cdb10(0x41, 32, 4), block((byte) 7)));
                byte[] compareAndWrite = new byte[2 * RawInitiator.BLOCK_SIZE]; // zeros, then the new block
                java.util.Arrays.fill(compareAndWrite, RawInitiator.BLOCK_SIZE, compareAndWrite.length, (byte) 9);
                assertFlushed(through, lun, "COMPARE AND WRITE",
                        () -> client.dataOut(field, cdb16(0x89, 40, 13, 1, 1), compareAndWrite));
                assertFlushed(through, lun, "ORWRITE(16)",
                        () -> client.dataOut(field, cdb16(0x8B, 48, 10, 4, 1), block((byte) 3)));
                assertFlushed(through, lun, "WRITE ATOMIC(16)",
                        () -> client.dataOut(field, cdb16(0x9C, 56, 12, 2, 1), block((byte) 4)));
                assertFlushed(true, lun, "WRITE AND VERIFY(10)",
                        () -> client.dataOut(field, RawInitiator.cdb10(0x2E, 64, 1), block((byte) 5)));
            }
            // EXTENDED COPY: the destination's WCE decides.
            byte[] toThrough = ExtendedCopyDataPathTest.list(1, 0, List.of(ExtendedCopyDataPathTest.target(naa(client, 0)),
                    ExtendedCopyDataPathTest.target(naa(client, 1))),
                    List.of(ExtendedCopyDataPathTest.blockToBlock(0, 1, 1, 32, 72)));
            assertFlushed(true, 1, "EXTENDED COPY to the write-through LUN",
                    () -> client.dataOut(LUN_CACHED, xcopy(toThrough.length), toThrough));
            byte[] toCached = ExtendedCopyDataPathTest.list(2, 0, List.of(ExtendedCopyDataPathTest.target(naa(client, 1)),
                    ExtendedCopyDataPathTest.target(naa(client, 0))),
                    List.of(ExtendedCopyDataPathTest.blockToBlock(0, 1, 1, 72, 80)));
            assertFlushed(false, 0, "EXTENDED COPY to the cached LUN",
                    () -> client.dataOut(LUN_WRITE_THROUGH, xcopy(toCached.length), toCached));
            assertArrayEquals(block((byte) 7), read(client, LUN_CACHED, 80), "the copies arrived");
        }
    }

    private interface Command {
        RawInitiator.Outcome run() throws IOException;
    }

    /** Runs {@code command} (GOOD) on {@code lun} and checks whether its last journal entry is a flush. */
    private void assertFlushed(boolean expected, int lun, String name, Command command) throws IOException {
        int before = journal(lun).size();
        RawInitiator.Outcome outcome = command.run();
        assertEquals(0, outcome.status(), name + " on LUN " + lun + ": " + java.util.Arrays.toString(outcome.sense()));
        List<String> added = journal(lun).subList(before, journal(lun).size());
        assertTrue(added.stream().anyMatch(e -> e.startsWith("write")), name + " wrote: " + added);
        if (expected) {
            assertEquals("flushed", last(added), name + " on LUN " + lun + " flushed before GOOD: " + added);
        } else {
            assertTrue(!added.contains("flushed"), name + " on LUN " + lun + " not flushed: " + added);
        }
    }

    /** A 16-byte CDB with the LBA in bytes 2..9 and {@code length} in the 4 (or 2, or 1) bytes at {@code lengthAt}. */
    private static byte[] cdb16(int opcode, long lba, int lengthAt, int length, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        for (int i = 0; i < 8; i++) {
            cdb[2 + i] = (byte) (lba >>> (8 * (7 - i)));
        }
        int width = lengthAt == 13 ? 1 : lengthAt == 12 ? 2 : 4;
        for (int i = 0; i < width; i++) {
            cdb[lengthAt + i] = (byte) (blocks >>> (8 * (width - 1 - i)));
        }
        return cdb;
    }

    private static byte[] xcopy(int listLength) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x83;
        cdb[12] = (byte) (listLength >>> 8);
        cdb[13] = (byte) listLength;
        return cdb;
    }

    /** The NAA designator of {@code lun}: the first designator of VPD page 83h. */
    private static long naa(RawInitiator client, int lun) throws IOException {
        byte[] inquiry = new byte[16];
        inquiry[0] = 0x12;
        inquiry[1] = 0x01;
        inquiry[2] = (byte) 0x83;
        inquiry[4] = (byte) 255;
        RawInitiator.Outcome page = client.command(LunAddress.encode(lun), inquiry, 255);
        assertEquals(0, page.status());
        long naa = 0;
        for (int i = 0; i < 8; i++) {
            naa = naa << 8 | (page.data()[8 + i] & 0xFF);
        }
        return naa;
    }

    @Test
    void modeSenseReportsWceAsConfigured() throws IOException {
        try (TestTarget target = start(); RawInitiator client = loggedIn(target)) {
            assertEquals(0x04, cachingFlags(client, LUN_CACHED) & 0x05, "WCE = 1, RCD = 0");
            assertEquals(0x00, cachingFlags(client, LUN_WRITE_THROUGH) & 0x05, "WCE = 0, RCD = 0");
        }
    }

    /** Byte 2 of the Caching mode page, from MODE SENSE(6) with DBD = 1. */
    private static int cachingFlags(RawInitiator client, long lun) throws IOException {
        byte[] cdb = new byte[16];
        cdb[0] = 0x1a;
        cdb[1] = 0x08; // DBD
        cdb[2] = 0x08; // PC current, Caching page
        cdb[4] = (byte) 0xff;
        RawInitiator.Outcome outcome = client.command(lun, cdb, 255);
        assertEquals(0, outcome.status());
        assertEquals(4 + 20, outcome.data().length, "header and the Caching page");
        assertEquals(0x08, outcome.data()[4] & 0x3F, "page code (PS may be set: a file LUN can save pages)");
        return outcome.data()[4 + 2];
    }

    private static byte[] read(RawInitiator client, long lun, int lba) throws IOException {
        RawInitiator.Outcome outcome = client.command(lun, RawInitiator.cdb10(0x28, lba, 1), RawInitiator.BLOCK_SIZE);
        assertEquals(0, outcome.status());
        return outcome.data();
    }

    private List<String> journal(int lun) {
        synchronized (journals) {
            return List.copyOf(journals.getOrDefault(lun, List.of()));
        }
    }

    private static String last(List<String> journal) {
        return journal.isEmpty() ? "(nothing)" : journal.get(journal.size() - 1);
    }

    private static byte[] block(byte fill) {
        byte[] b = new byte[RawInitiator.BLOCK_SIZE];
        java.util.Arrays.fill(b, fill);
        return b;
    }

    private TestTarget start() {
        return TestTarget.start("[ { lun = 0, backend = file, path = \"" + dir.resolve("cached.img") + "\", size = 1MiB },"
                + " { lun = 1, backend = file, path = \"" + dir.resolve("through.img") + "\", size = 1MiB,"
                + " write-cache = false } ]", "", this::open);
    }

    private static RawInitiator loggedIn(TestTarget target) throws IOException {
        RawInitiator client = RawInitiator.connect(target.port());
        RawInitiator.Login login = client.login(INITIATOR, TestTarget.IQN);
        assertTrue(login.succeeded(), login::toString);
        return client;
    }

    private DeviceHandler open(LunConfig lun) throws IOException {
        return new Journaled(PagewireServer.BUILT_IN_DEVICES.open(lun), lun.lun());
    }

    private void record(int lun, String event) {
        synchronized (journals) {
            journals.computeIfAbsent(lun, l -> new ArrayList<>()).add(event);
        }
    }

    /** Passes every call on and journals writes (offset+length) and completed flushes. */
    private final class Journaled implements DeviceHandler {
        private final DeviceHandler device;
        private final int lun;

        Journaled(DeviceHandler device, int lun) {
            this.device = device;
            this.lun = lun;
        }

        @Override
        public Geometry geometry() {
            return device.geometry();
        }

        @Override
        public void read(long byteOffset, ByteBuffer dst) throws IOException {
            device.read(byteOffset, dst);
        }

        @Override
        public void write(long byteOffset, ByteBuffer src) throws IOException {
            int length = src.remaining();
            device.write(byteOffset, src);
            record(lun, "write " + byteOffset + "+" + length);
        }

        @Override
        public void flush() throws IOException {
            device.flush();
            record(lun, "flushed");
        }

        @Override
        public void close() throws IOException {
            device.close();
        }
    }
}
