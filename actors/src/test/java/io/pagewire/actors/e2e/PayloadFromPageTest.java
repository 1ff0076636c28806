package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.actors.pool.PoolStats;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-In payloads reach the transport as the arena pages themselves: with the payload audit on,
 * every byte of READ data the initiator received left from page memory — no handler, outbound filter
 * or transport copied it on the way (a copy would count as "other"; PayloadAuditTest shows it does).
 */
class PayloadFromPageTest {
    private static final int READS = 16;
    private static final int BLOCKS = 128; // 64 KiB each: spans pages of 16 KiB and several PDUs

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void everyByteReadLeavesFromAPage(String transport) throws Exception {
        long lunBlocks = READS * BLOCKS;
        try (TestTarget target = TestTarget.start(
                "[ { lun = 0, backend = memory, size = " + lunBlocks * PatternDevice.BLOCK + " } ]",
                Transports.hocon(transport) + "\npool { page-size = 16KiB, pages = 64 }\nsession.audit-payloads = on",
                lun -> new PatternDevice(lunBlocks))) {
            long received = 0;
            try (RawInitiator client = RawInitiator.connect(target.port())) {
                assertTrue(client.login("iqn.2026-11.io.pagewire:audit", TestTarget.IQN).succeeded());
                for (int i = 0; i < READS; i++) {
                    byte[] data = client.read10(i * BLOCKS, BLOCKS);
                    assertArrayEquals(pattern(i * BLOCKS), data, "READ " + i);
                    received += data.length;
                }
                client.logout();
            }
            long expected = received;
            PoolStats stats = TestProbe.create(target.server().system()).awaitAssert(Duration.ofSeconds(10), () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(expected, s.auditedPageBytes(), "READ bytes sent from pages: " + s.summary());
                return s;
            });
            assertTrue(stats.auditedOtherBytes() > 0, "headers and login responses are the other bytes");
        }
    }

    private static byte[] pattern(long lba) {
        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(BLOCKS * PatternDevice.BLOCK);
        for (long at = lba * PatternDevice.BLOCK; expected.hasRemaining(); at += 4) {
            expected.putInt(PatternDevice.word(at));
        }
        return expected.array();
    }
}
