package io.pagewire.actors.e2e;

import static io.pagewire.actors.e2e.CompareAndWriteRaceTest.caw;
import static io.pagewire.actors.e2e.CompareAndWriteRaceTest.sendWithData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.pool.PoolStats;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data path of the commands whose Data-Out the device compares or merges, through a session with
 * 4 KiB pages and 8 KiB segments (so VERIFY and WRITE AND VERIFY run in several segments and the
 * immediate data beyond the first waits as held slices): exact MISCOMPARE sense with the INFORMATION
 * field, the medium unchanged after a miscompare, and every page back in the pool afterwards.
 */
class DataOutOperationsTest {
    private static final int BLOCK = 512;
    private static final int GOOD = 0;
    private static final int CHECK_CONDITION = 2;

    private TestTarget target;
    private RawInitiator client;

    @BeforeEach
    void start() throws Exception {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 4MiB } ]",
                "pool { page-size = 4KiB, pages = 32 }\nsession.max-segment = 8KiB");
        client = RawInitiator.connect(target.port());
        assertTrue(client.login("iqn.2026-11.io.pagewire:dataout", TestTarget.IQN).succeeded());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            client.close();
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(s.totalPages(), s.freePages(), s.summary());
                assertEquals(0, s.doubleReleases(), s.summary());
                return null;
            });
        } finally {
            target.close();
        }
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 13 + i / 251);
        }
        return b;
    }

    private static byte[] cdb16(int opcode, int flags, long lba, long blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        cdb[1] = (byte) flags;
        for (int i = 0; i < 8; i++) {
            cdb[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            cdb[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return cdb;
    }

    private static byte[] cdb10(int opcode, int flags, int lba, int blocks) {
        byte[] cdb = RawInitiator.cdb10(opcode, lba, blocks);
        cdb[1] = (byte) flags;
        return cdb;
    }

    private RawInitiator.Outcome run(byte[] cdb, byte[] data) throws Exception {
        return client.collect(sendWithData(client, cdb, data));
    }

    private void write(int lba, byte[] data) throws Exception {
        assertEquals(GOOD, run(RawInitiator.cdb10(0x2A, lba, data.length / BLOCK), data).status());
    }

    /** CHECK CONDITION with fixed sense MISCOMPARE / MISCOMPARE DURING VERIFY OPERATION, INFORMATION valid. */
    private static void expectMiscompare(RawInitiator.Outcome outcome, long information) {
        assertEquals(CHECK_CONDITION, outcome.status());
        byte[] expected = {(byte) 0xF0, 0, 0x0E, (byte) (information >>> 24), (byte) (information >>> 16),
                (byte) (information >>> 8), (byte) information, 10, 0, 0, 0, 0, 0x1D, 0x00, 0, 0, 0, 0};
        assertArrayEquals(expected, Arrays.copyOfRange(outcome.sense(), 2, outcome.sense().length));
    }

    @Test
    void verifyComparesEverySegmentAndReportsTheOffsetOfTheFirstDifference() throws Exception {
        byte[] data = pattern(64 * BLOCK, 1); // 32 KiB: four 8 KiB segments
        write(10, data);
        assertEquals(GOOD, run(cdb10(0x2F, 0x02, 10, 64), data).status());
        for (int flip : new int[] {0, 8191, 8192, 20000, 64 * BLOCK - 1}) {
            byte[] sent = data.clone();
            sent[flip] ^= 'X';
            expectMiscompare(run(cdb10(0x2F, 0x02, 10, 64), sent), flip);
        }
        assertArrayEquals(data, client.read10(10, 64));
    }

    @Test
    void verifyWithBytchkThreeComparesOneBlockWithEveryBlock() throws Exception {
        byte[] block = pattern(BLOCK, 2);
        byte[] eight = new byte[8 * BLOCK];
        for (int i = 0; i < 8; i++) {
            System.arraycopy(block, 0, eight, i * BLOCK, BLOCK);
        }
        write(200, eight);
        assertEquals(GOOD, run(cdb16(0x8F, 0x06, 200, 8), block).status());
        eight[5 * BLOCK + 7] ^= 1;
        write(200, eight);
        expectMiscompare(run(cdb16(0x8F, 0x06, 200, 8), block), 5 * BLOCK + 7);
    }

    @Test
    void compareAndWriteMiscompareLeavesTheMediumAndNamesTheByte() throws Exception {
        byte[] old = pattern(4 * BLOCK, 3);
        write(300, old);
        for (int at : new int[] {0, 777, 4 * BLOCK - 27}) {
            byte[] data = Arrays.copyOf(old, 8 * BLOCK);
            Arrays.fill(data, 4 * BLOCK, 8 * BLOCK, (byte) 'B');
            data[at] ^= 0x40;
            expectMiscompare(run(caw(300, 4), data), at);
            assertArrayEquals(old, client.read10(300, 4));
        }
        byte[] data = Arrays.copyOf(old, 8 * BLOCK);
        Arrays.fill(data, 4 * BLOCK, 8 * BLOCK, (byte) 'B');
        assertEquals(GOOD, run(caw(300, 4), data).status());
        assertArrayEquals(Arrays.copyOfRange(data, 4 * BLOCK, 8 * BLOCK), client.read10(300, 4));
    }

    @Test
    void compareAndWriteWithTheWrongDataOutLengthIsInvalidFieldInCdb() throws Exception {
        RawInitiator.Outcome outcome = run(caw(0, 1), new byte[4 * BLOCK]);
        assertEquals(CHECK_CONDITION, outcome.status());
        assertEquals(0x05, outcome.sense()[2 + 2]);
        assertEquals(0x24, outcome.sense()[2 + 12]);
        assertEquals(13, outcome.sense()[2 + 17], "field pointer at NUMBER OF LOGICAL BLOCKS");
    }

    @Test
    void orWriteMergesWithTheMedium() throws Exception {
        byte[] low = new byte[40 * BLOCK];
        Arrays.fill(low, (byte) 0x0F);
        write(400, low);
        byte[] high = new byte[40 * BLOCK];
        Arrays.fill(high, (byte) 0xF0);
        high[12345] = 0;
        assertEquals(GOOD, run(cdb16(0x8B, 0, 400, 40), high).status());
        byte[] expected = new byte[40 * BLOCK];
        Arrays.fill(expected, (byte) 0xFF);
        expected[12345] = 0x0F;
        assertArrayEquals(expected, client.read10(400, 40));
    }

    @Test
    void writeAtomicAndWriteAndVerifyStoreTheirData() throws Exception {
        byte[] atomic = pattern(40 * BLOCK, 4);
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x9C;
        cdb[9] = (byte) 500;
        cdb[9 - 1] = (byte) (500 >>> 8);
        cdb[13] = 40;
        assertEquals(GOOD, run(cdb, atomic).status());
        assertArrayEquals(atomic, client.read10(500, 40));

        byte[] verified = pattern(40 * BLOCK, 5); // 20 KiB: three segments, each written then compared
        assertEquals(GOOD, run(cdb10(0x2E, 0x02, 600, 40), verified).status());
        assertArrayEquals(verified, client.read10(600, 40));
    }

    @Test
    void compareAndWriteCutOffHalfwayThroughItsDataOutGivesItsPagesBack() throws Exception {
        // 2 x 8 blocks expected, half sent as immediate data, F = 0: the task holds its pages and waits.
        int itt = client.newItt();
        client.send(new io.pagewire.protocol.pdu.ScsiCommand(false, false, false, true, 1, 0, itt, 16 * BLOCK,
                client.consumeCmdSn(), client.expStatSn(), caw(0, 8), -1,
                io.netty.buffer.Unpooled.wrappedBuffer(new byte[8 * BLOCK])));
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        probe.awaitAssert(Duration.ofSeconds(10), () -> {
            PoolStats s = target.server().poolStats();
            assertTrue(s.outstanding() > 0, s.summary());
            return null;
        });
        client.reset(); // @AfterEach: every page is back, none twice
    }
}
