package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.actors.session.SessionActor;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No leaks: 1000 sessions end abruptly in the middle of a transfer — a TCP reset with a READ's
 * pages in the device's or the transport's hands, a reset halfway through a WRITE's immediate data,
 * a FIN halfway through a PDU header, a reset in the middle of a solicited Data-Out burst, and now
 * and then a Session actor that fails — and once the
 * completions arrive every page is free by the pool's own count, none was released twice, and
 * Netty's leak detector (paranoid in tests) reports nothing.
 */
class AbruptDisconnectTest {
    private static final int SESSIONS = 1000;
    private static final int BLOCK = 512;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void sessionsThatDieMidTransferGiveEveryPageBack(String transport) throws Exception {
        try (LeakWatch watch = LeakWatch.watching();
             TestTarget target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                     Transports.hocon(transport) + "\npool { page-size = 64KiB, pages = 16 }\n"
                             + "session { max-segment = 128KiB, nop-in-interval = 2s, nop-in-timeout = 2s }")) {
            for (int i = 0; i < SESSIONS; i++) {
                try (RawInitiator client = RawInitiator.connect(target.port())) {
                    assertTrue(client.login("iqn.2026-11.io.pagewire:abrupt-" + i, TestTarget.IQN).succeeded());
                    int lba = (i * 512) % (16 * 2048 - 512);
                    if (i % 4 == 3) {
                        resetInASolicitedBurst(client, lba);
                        continue;
                    }
                    client.send(read(client, lba, 512)); // 256 KiB: more than the pool lends at once
                    switch (i % 4) {
                        case 0 -> client.reset();
                        case 1 -> {
                            byte[] half = halfWrittenWrite(client, lba);
                            client.sendRaw(half);
                            client.reset();
                        }
                        default -> {
                            byte[] bhs = RawInitiator.bhs(read(client, lba, 8));
                            client.sendRaw(Arrays.copyOf(bhs, 24)); // half a header, then FIN
                        }
                    }
                    if (i % 50 == 49) {
                        for (var session : target.server().sessions()) {
                            session.tell(new SessionActor.InjectFailure("test: session fails mid-transfer"));
                        }
                    }
                }
            }
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            PoolStats stats = probe.awaitAssert(WAIT, () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(s.totalPages(), s.freePages(), s.summary());
                assertEquals(0, s.waitingLeases(), s.summary());
                assertEquals(0, s.inFlight(), s.summary());
                assertTrue(target.server().sessions().isEmpty(), "sessions left: " + target.server().sessions());
                return s;
            });
            assertEquals(0, stats.doubleReleases(), stats.summary());
            assertEquals(16, stats.totalPages(), "nothing was allocated beyond the arena");
            assertTrue(stats.leases() >= SESSIONS, "the sessions did lease pages: " + stats.summary());
            watch.collectAndPoll();
            assertEquals(java.util.List.of(), watch.leaks(), "Netty's leak detector found leaks");
        }
    }

    /** The watch itself works: a buffer dropped unreleased is reported. */
    @Test
    void theLeakWatchSeesALeak() {
        try (LeakWatch watch = LeakWatch.watching()) {
            leakOne();
            // GC rounds, not time: each round collects and polls the detector once
            for (int round = 0; round < 50 && watch.leaks().isEmpty(); round++) {
                watch.collectAndPoll();
            }
            assertFalse(watch.leaks().isEmpty(), "the dropped buffer is reported");
        }
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(128);
        leaked.writeInt(1);
    }

    private static ScsiCommand read(RawInitiator client, int lba, int blocks) {
        return new ScsiCommand(false, true, true, false, 1, 0, client.newItt(), blocks * BLOCK, client.consumeCmdSn(),
                client.expStatSn(), RawInitiator.cdb10(0x28, lba, blocks), -1, Unpooled.EMPTY_BUFFER);
    }

    /**
     * A WRITE(10) of 64 KiB with 16 KiB immediate: the target solicits the rest, receives part of it,
     * then the connection is reset while the WRITE holds its pages waiting for the remainder.
     */
    private static void resetInASolicitedBurst(RawInitiator client, int lba) throws java.io.IOException {
        ScsiCommand write = new ScsiCommand(false, true, false, true, 1, 0, client.newItt(), 64 * 1024,
                client.consumeCmdSn(), client.expStatSn(), RawInitiator.cdb10(0x2A, lba, 128), -1,
                Unpooled.wrappedBuffer(new byte[16 * 1024]));
        client.send(write);
        R2t r2t = client.expect(R2t.class);
        assertEquals(16 * 1024, r2t.bufferOffset());
        client.send(new DataOut(false, 0, write.itt(), r2t.ttt(), client.expStatSn(), 0, r2t.bufferOffset(),
                Unpooled.wrappedBuffer(new byte[16 * 1024])));
        client.reset();
    }

    /** A WRITE(10) of 64 KiB announcing 16 KiB of immediate data, cut off after its header and 8000 bytes. */
    private static byte[] halfWrittenWrite(RawInitiator client, int lba) {
        byte[] bhs = RawInitiator.bhs(new ScsiCommand(false, false, false, true, 1, 0, client.newItt(), 64 * 1024,
                client.consumeCmdSn(), client.expStatSn(), RawInitiator.cdb10(0x2A, lba, 128), -1,
                Unpooled.wrappedBuffer(new byte[16 * 1024])));
        byte[] bytes = Arrays.copyOf(bhs, bhs.length + 8000);
        Arrays.fill(bytes, bhs.length, bytes.length, (byte) 0x5A);
        return bytes;
    }
}
