package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ReferenceCountUtil;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No early reuse: a page is not leased again while the transport may still send it. Eight 4 KiB
 * pages serve 64 pipelined 32 KiB READs (2 MiB) to a client with a 32 KiB receive buffer over a
 * connection with an 8 KiB send buffer, so nearly every page waits in the transport's queue while
 * others are leased, filled and sent; every
 * byte that arrives must be the byte of the block it was asked for. The control run releases pages
 * as soon as they are handed to the transport ({@link PagePool#TEST_RELEASE_ON_WRITE_FUTURE}) and
 * must see corruption — proof that the first test would notice the bug.
 */
class PageReuseTest {
    private static final int COMMANDS = 64;
    private static final int BLOCKS_PER_READ = 64; // 32 KiB
    private static final long LUN_BLOCKS = COMMANDS * BLOCKS_PER_READ * 2L;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void everyByteReceivedIsTheByteOfTheBlockAskedFor(String transport) throws Exception {
        try (TestTarget target = start(transport)) {
            Result result = pipelinedReads(target);
            assertEquals(0, result.corruptWords(), "words that did not match their block: " + result);
            assertEquals(COMMANDS, result.good());
            PoolStats stats = settled(target);
            assertEquals(0, stats.doubleReleases());
            assertTrue(stats.leasesThatWaited() > 0, "the pool was exhausted: " + stats.summary());
            assertEquals(stats.handedToTransport(), stats.timedReleases(), "every page sent came back from the transport");
        }
    }

    /**
     * Page reserves: a first session reads one command at a time while the pool is mostly free, so
     * it keeps two of the 32 pages in its reserve and later segments start from it; then a second
     * session's pipelined READs run the pool dry, the pool recalls the reserve, and every byte still
     * arrives intact. Afterwards all pages are back.
     */
    @org.junit.jupiter.api.Test
    void aPageReserveIsRecalledUnderPressureAndNothingIsReusedEarly() throws Exception {
        try (TestTarget target = TestTarget.start(
                "[ { lun = 0, backend = memory, size = " + LUN_BLOCKS * PatternDevice.BLOCK + " } ]",
                "pool { page-size = 4KiB, pages = 32 }\n"
                        + "session { max-segment = 8KiB, cmd-window = 128, send-buffer = 8KiB, page-reserve = 2 }",
                lun -> new PatternDevice(LUN_BLOCKS));
             RawInitiator first = RawInitiator.connect(target.port(), 32 * 1024)) {
            assertTrue(first.login("iqn.2026-11.io.pagewire:reserve", TestTarget.IQN).succeeded());
            for (int i = 0; i < 3; i++) {
                long lba = (long) i * BLOCKS_PER_READ;
                RawInitiator.Outcome read = first.command(0, RawInitiator.cdb10(0x28, (int) lba, BLOCKS_PER_READ),
                        BLOCKS_PER_READ * PatternDevice.BLOCK);
                assertEquals(0, read.status());
                for (int at = 0; at < read.data().length; at += 4) {
                    assertEquals(PatternDevice.word(lba * PatternDevice.BLOCK + at),
                            io.netty.buffer.Unpooled.wrappedBuffer(read.data()).getInt(at), "word at " + at);
                }
            }
            Result result = pipelinedReads(target);
            assertEquals(0, result.corruptWords(), "words that did not match their block: " + result);
            assertEquals(COMMANDS, result.good());
            first.logout();
            PoolStats stats = settled(target);
            assertEquals(0, stats.doubleReleases());
            assertTrue(stats.releases().get(PagePool.ReleaseKind.UNUSED) >= 2, "the reserve came back: " + stats.summary());
        }
    }

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void releasingWhenTheWriteIsIssuedIsCaught(String transport) throws Exception {
        System.setProperty(PagePool.TEST_RELEASE_ON_WRITE_FUTURE, "true");
        try (TestTarget target = start(transport)) {
            Result result;
            try {
                result = pipelinedReads(target);
            } catch (AssertionError misbehaved) {
                // Broken ownership may also show as an answer that is not Data-In (e.g. BUSY once the
                // pool's accounting is off): the reads did not come back intact, so the check caught it.
                return;
            } finally {
                System.clearProperty(PagePool.TEST_RELEASE_ON_WRITE_FUTURE);
            }
            assertTrue(result.corruptWords() > 0, "early release must corrupt what is sent: " + result);
            settled(target);
        } finally {
            System.clearProperty(PagePool.TEST_RELEASE_ON_WRITE_FUTURE);
        }
    }

    private record Result(int good, long corruptWords, long bytes) {
    }

    private static TestTarget start(String transport) {
        return TestTarget.start("[ { lun = 0, backend = memory, size = " + LUN_BLOCKS * PatternDevice.BLOCK + " } ]",
                Transports.hocon(transport) + "\n"
                        + "pool { page-size = 4KiB, pages = 8 }\n"
                        // a small socket buffer: the kernel cannot swallow the whole answer, so pages wait in
                        // the transport's queue (with sessions on the event loop a write that fits is
                        // copied into the kernel before anything else can touch its page)
                        + "session { max-segment = 8KiB, cmd-window = 128, send-buffer = 8KiB }",
                lun -> new PatternDevice(LUN_BLOCKS));
    }

    /** Sends every READ, then reads the answers 4 KiB at a time, checking each word as it comes. */
    private static Result pipelinedReads(TestTarget target) throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port(), 32 * 1024)) {
            assertTrue(client.login("iqn.2026-11.io.pagewire:reuse", TestTarget.IQN).succeeded());
            Map<Integer, Long> firstLba = new HashMap<>();
            for (int i = 0; i < COMMANDS; i++) {
                int itt = client.newItt();
                // spread the commands over the LUN so neighbouring commands never read the same blocks
                long lba = (long) i * 2 * BLOCKS_PER_READ;
                firstLba.put(itt, lba);
                client.send(new ScsiCommand(false, true, true, false, 1, 0, itt, BLOCKS_PER_READ * PatternDevice.BLOCK,
                        client.consumeCmdSn(), client.expStatSn(),
                        RawInitiator.cdb10(0x28, (int) lba, BLOCKS_PER_READ), -1, Unpooled.EMPTY_BUFFER));
            }
            int good = 0;
            long corrupt = 0;
            long bytes = 0;
            while (!firstLba.isEmpty()) {
                Pdu pdu = client.readPdu();
                try {
                    if (!(pdu instanceof DataIn dataIn)) {
                        throw new AssertionError("expected Data-In, got " + pdu);
                    }
                    Long lba = firstLba.get(dataIn.itt());
                    if (lba == null) {
                        throw new AssertionError("Data-In for unknown ITT " + dataIn.itt());
                    }
                    long base = lba * PatternDevice.BLOCK + dataIn.bufferOffset();
                    int length = dataIn.data().readableBytes();
                    for (int at = 0; at < length; at += 4) {
                        if (dataIn.data().getInt(dataIn.data().readerIndex() + at) != PatternDevice.word(base + at)) {
                            corrupt++;
                        }
                    }
                    bytes += length;
                    if (dataIn.statusPresent()) {
                        firstLba.remove(dataIn.itt());
                        if (dataIn.status() == 0) {
                            good++;
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(pdu);
                }
            }
            assertEquals((long) COMMANDS * BLOCKS_PER_READ * PatternDevice.BLOCK, bytes);
            return new Result(good, corrupt, bytes);
        }
    }

    /** Waits until every page is back; returns the pool's account. */
    private static PoolStats settled(TestTarget target) {
        TestProbe<Object> probe = TestProbe.create(target.server().system());
        return probe.awaitAssert(WAIT, () -> {
            PoolStats stats = target.server().poolStats();
            assertEquals(stats.totalPages(), stats.freePages(), stats.summary());
            assertEquals(0, stats.inFlight(), stats.summary());
            return stats;
        });
    }
}
