package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/**
 * COMPARE AND WRITE is atomic across sessions: each round, four sessions send a COMPARE AND WRITE of
 * the same 32 blocks at once, all comparing against what the blocks hold and each writing its own
 * pattern. Exactly one may find its compare matching; the others must see the winner's data and get
 * MISCOMPARE, and the blocks then hold the winner's pattern. Without the LU's range lock two compares
 * can both match before either writes, and two GOODs in one round fail the test.
 */
class CompareAndWriteRaceTest {
    private static final int BLOCK = 512;
    private static final int BLOCKS = 32;
    private static final int SESSIONS = 4;
    private static final int ROUNDS = 40;
    private static final int GOOD = 0;
    private static final int CHECK_CONDITION = 2;

    static byte[] caw(long lba, int blocks) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x89;
        for (int i = 0; i < 8; i++) {
            cdb[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        cdb[13] = (byte) blocks;
        return cdb;
    }

    static byte[] fill(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 131 + i / BLOCK + 1);
        }
        return b;
    }

    /** Sends a SCSI command whose whole Data-Out is immediate data; returns its ITT. */
    static int sendWithData(RawInitiator client, byte[] cdb, byte[] data) throws Exception {
        int itt = client.newItt();
        client.send(new ScsiCommand(false, true, false, true, 1, 0, itt, data.length, client.consumeCmdSn(),
                client.expStatSn(), cdb, -1, Unpooled.wrappedBuffer(data)));
        return itt;
    }

    @Test
    void exactlyOneConcurrentCompareAndWriteWinsEachRound() throws Exception {
        try (TestTarget target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]", "")) {
            List<RawInitiator> clients = new ArrayList<>();
            try {
                for (int s = 0; s < SESSIONS; s++) {
                    RawInitiator client = RawInitiator.connect(target.port());
                    clients.add(client);
                    assertTrue(client.login("iqn.2026-11.io.pagewire:caw-" + s, TestTarget.IQN,
                            RawInitiator.ISID_BASE | (s + 1)).succeeded());
                }
                int bytes = BLOCKS * BLOCK;
                byte[] current = new byte[bytes]; // a fresh memory LU reads zeros
                for (int round = 0; round < ROUNDS; round++) {
                    int[] itts = new int[SESSIONS];
                    byte[][] proposals = new byte[SESSIONS][];
                    for (int s = 0; s < SESSIONS; s++) {
                        proposals[s] = fill(bytes, round * SESSIONS + s);
                        byte[] data = Arrays.copyOf(current, 2 * bytes);
                        System.arraycopy(proposals[s], 0, data, bytes, bytes);
                        itts[s] = sendWithData(clients.get(s), caw(100, BLOCKS), data);
                    }
                    int winner = -1;
                    for (int s = 0; s < SESSIONS; s++) {
                        RawInitiator.Outcome outcome = clients.get(s).collect(itts[s]);
                        if (outcome.status() == GOOD) {
                            assertEquals(-1, winner, "round " + round + ": sessions " + winner + " and " + s
                                    + " both won");
                            winner = s;
                        } else {
                            assertEquals(CHECK_CONDITION, outcome.status());
                            byte[] sense = outcome.sense();
                            assertEquals(0x0E, sense[2 + 2] & 0x0F, "MISCOMPARE");
                            assertEquals(0x1D, sense[2 + 12] & 0xFF);
                            assertEquals(0x00, sense[2 + 13] & 0xFF);
                        }
                    }
                    assertTrue(winner >= 0, "round " + round + ": nobody won");
                    byte[] now = clients.get(0).read10(100, BLOCKS);
                    assertArrayEquals(proposals[winner], now, "round " + round + " holds the winner's data");
                    current = now;
                }
            } finally {
                for (RawInitiator client : clients) {
                    client.close();
                }
            }
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(s.totalPages(), s.freePages(), s.summary());
                assertEquals(0, s.doubleReleases(), s.summary());
                return null;
            });
        }
    }
}
