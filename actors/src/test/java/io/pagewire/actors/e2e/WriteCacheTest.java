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
