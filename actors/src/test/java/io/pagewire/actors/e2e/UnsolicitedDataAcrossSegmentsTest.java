package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.text.KeyValue;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WRITE whose immediate and unsolicited data (up to FirstBurstLength) reach past the first
 * segment of pages (session.max-segment): the data beyond it must wait for the later segments, not
 * be dropped — dropped, the command never completes.
 */
class UnsolicitedDataAcrossSegmentsTest {
    private static final int BLOCK = 512;
    private static final int KIB = 1024;

    private TestTarget target;
    private PduClient client;

    @BeforeEach
    void start() throws IOException {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                "pool.page-size = 16KiB\nsession.max-segment = 32KiB\n"
                        + "negotiation { first-burst-length = 128KiB, max-burst-length = 256KiB }");
        client = PduClient.login(target.port(), TestTarget.IQN, List.of(new KeyValue("ImmediateData", "Yes"),
                new KeyValue("InitialR2T", "No"), new KeyValue("FirstBurstLength", String.valueOf(128 * KIB)),
                new KeyValue("MaxBurstLength", String.valueOf(256 * KIB))));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        target.close();
    }

    @Test
    void immediateDataLongerThanASegment() throws IOException {
        byte[] data = random(1, 64 * KIB);
        assertEquals(PduClient.GOOD, client.write10Unsolicited(0, 0, data, BLOCK, data.length, data.length,
                8 * KIB).status());
        assertReadsBack(0, data);
    }

    @Test
    void unsolicitedDataOutSpanningSegmentsThenSolicitedData() throws IOException {
        // 8 KiB immediate, unsolicited Data-Out to 128 KiB (four segments), R2Ts for the other 128 KiB.
        byte[] data = random(2, 256 * KIB);
        assertEquals(PduClient.GOOD, client.write10Unsolicited(0, 1000, data, BLOCK, 8 * KIB, 128 * KIB,
                24 * KIB).status());
        assertReadsBack(1000, data);
        assertEquals(0, target.server().poolStats().doubleReleases());
    }

    private void assertReadsBack(long lba, byte[] data) throws IOException {
        PduClient.Outcome read = client.read10(0, lba, data.length / BLOCK, BLOCK);
        assertEquals(PduClient.GOOD, read.status());
        assertArrayEquals(data, read.data());
    }

    private static byte[] random(int seed, int length) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
