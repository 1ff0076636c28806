package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.ScsiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw-socket probes beyond {@link HostileInputTest}: truncated PDUs, opcodes only a target sends,
 * lengths that disagree with the bytes, Data-Out floods for tasks that do not exist and unsolicited
 * data past FirstBurstLength, and 2000 half-open connections while a normal client logs in, writes
 * and reads throughout. Every probe gets a protocol answer (Reject, CHECK CONDITION) or a closed
 * connection within a bound; afterwards every page is back in the pool, no session is left, and a
 * normal client works.
 */
class HostileProbeTest {
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:probe";
    /** A loaded two-core machine runs five builds at once: slack for a close that is immediate. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(3);
    private static final int HALF_OPEN = 2000;
    private static final int FIRST_BURST = 64 * 1024;
    /** LBAs no other probe writes: a refused write must leave them zero. */
    private static final int UNTOUCHED_LBA = 100_000;

    private static final AtomicLong isids = new AtomicLong();
    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 64MiB } ]",
                "session.login-timeout = " + LOGIN_TIMEOUT.toSeconds() + "s");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        awaitIdle(target);
        assertANormalClientStillWorks(target);
    }

    // ---- truncated PDUs ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} bytes of the header")
    @ValueSource(ints = {1, 24, 47})
    void aTruncatedHeaderThenFinIsClosedWithoutAnswer(int bytes) throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = RawInitiator.bhs(ping(client));
            client.sendRaw(Arrays.copyOf(header, bytes));
            client.shutdownOutput();
            assertEquals(0, client.drainUntilClosed(CLOSE_WITHIN), "closed, and nothing answered to half a PDU");
        }
    }

    @Test
    void aDataSegmentThatNeverArrivesThenFinIsClosedWithoutAnswer() throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = RawInitiator.bhs(ping(client));
            setDataSegmentLength(header, 4096);
            client.sendRaw(header);
            client.sendRaw(new byte[100]);
            client.shutdownOutput();
            assertEquals(0, client.drainUntilClosed(CLOSE_WITHIN), "closed, and nothing answered to half a PDU");
        }
    }

    @Test
    void aTruncatedHeaderThenSilenceIsClosedByTheUnansweredPing() throws IOException {
        try (TestTarget pinging = TestTarget.start("[ { lun = 0, backend = memory, size = 1MiB } ]",
                "session.nop-in-interval = 1s\nsession.nop-in-timeout = 1s")) {
            try (RawInitiator client = loggedIn(pinging)) {
                client.sendRaw(Arrays.copyOf(RawInitiator.bhs(ping(client)), 24));
                long answered = client.drainUntilClosed(Duration.ofSeconds(2).plus(CLOSE_WITHIN));
                assertNotEquals(-1, answered, "still open after the keepalive's ping went unanswered");
                assertTrue(answered >= 48, "a NOP-In ping came before the close, got " + answered + " bytes");
            }
            awaitIdle(pinging);
        }
    }

    // ---- opcodes the initiator may not send ---------------------------------------------------------

    /**
     * SCSI Response, Data-In, R2T, Reject, Logout Response: target opcodes (RFC 7143 §11.2.1.2). The
     * Reject carries the header as the target re-encodes the decoded PDU, so only the opcode byte and
     * the length are compared.
     */
    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x21, 0x25, 0x31, 0x3f, 0x26})
    void aTargetOpcodeFromTheInitiatorIsRejectedAndTheSessionGoesOn(int opcode) throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = new byte[48];
            header[0] = (byte) opcode;
            header[1] = (byte) 0x80;
            putInt(header, 16, client.newItt());
            putInt(header, 24, client.expStatSn());
            putInt(header, 28, client.cmdSn());
            client.sendRaw(header);
            Reject reject = client.expect(Reject.class);
            try {
                assertEquals(0x04, reject.reason(), "PROTOCOL ERROR");
                byte[] carried = ByteBufUtil.getBytes(reject.data());
                assertEquals(48, carried.length, "the Reject carries a header");
                assertEquals(opcode, carried[0] & 0x3f, "of the rejected opcode");
            } finally {
                reject.release();
            }
            assertSessionStillServes(client);
        }
    }

    @Test
    void aLoginRequestInFullFeaturePhaseIsRejectedAndTheSessionGoesOn() throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = new byte[48];
            header[0] = 0x43; // immediate Login Request
            header[1] = (byte) 0x87; // T, CSG 1, NSG 3
            putInt(header, 16, client.newItt());
            putInt(header, 24, client.cmdSn());
            putInt(header, 28, client.expStatSn());
            client.sendRaw(header);
            expectReject(client, 0x04, header);
            assertSessionStillServes(client);
        }
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x05, 0x04, 0x06, 0x10, 0x25})
    void anythingButALoginAsTheFirstPduClosesTheConnection(int opcode) throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            byte[] header = new byte[48];
            header[0] = (byte) opcode;
            header[1] = (byte) 0x80;
            putInt(header, 16, 1);
            client.sendRaw(header);
            assertNotEquals(-1, client.drainUntilClosed(CLOSE_WITHIN), "still open");
        }
    }

    // ---- lengths that disagree with the data --------------------------------------------------------

    /**
     * DataSegmentLength 8 with 56 bytes behind it: the target frames the surplus as the next header.
     * Whatever it makes of that, the connection ends when this side does, and nothing else notices.
     */
    @Test
    void aDataSegmentLongerThanItsLengthDesynchronisesOnlyThisConnection() throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = RawInitiator.bhs(ping(client));
            setDataSegmentLength(header, 8);
            byte[] surplus = new byte[56];
            Arrays.fill(surplus, (byte) 0x5a);
            client.sendRaw(header);
            client.sendRaw(surplus);
            client.shutdownOutput();
            assertNotEquals(-1, client.drainUntilClosed(CLOSE_WITHIN), "still open after the FIN");
        }
    }

    /** An Extended CDB AHS whose AHSLength runs past TotalAHSLength: a framing error (§11.2.1.5). */
    @Test
    void anAhsOverrunningTotalAhsLengthIsRejectedAndTheConnectionClosed() throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = RawInitiator.bhs(new ScsiCommand(false, true, false, false, 1, 0, client.newItt(), 0,
                    client.cmdSn(), client.expStatSn(), new byte[16], -1, Unpooled.EMPTY_BUFFER));
            header[4] = 1; // TotalAHSLength: one word
            client.sendRaw(header);
            client.sendRaw(new byte[] {0x01, 0x00, 0x01, 0x00}); // AHSLength 256, type 1 (Extended CDB)
            expectReject(client, 0x04, header);
            assertTrue(client.expectClosed(CLOSE_WITHIN), "connection still open");
        }
    }

    @Test
    void anAhsThatNeverArrivesThenFinIsClosedWithoutAnswer() throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] header = RawInitiator.bhs(ping(client));
            header[4] = (byte) 0xff; // 1020 bytes of AHS announced, 10 sent
            client.sendRaw(header);
            client.sendRaw(new byte[10]);
            client.shutdownOutput();
            assertEquals(0, client.drainUntilClosed(CLOSE_WITHIN));
        }
    }

    // ---- Data-Out floods ----------------------------------------------------------------------------

    @Test
    void aFloodOfDataOutsForTasksThatDoNotExistIsRejectedOneByOne() throws IOException {
        Random random = new Random(20261203L);
        try (RawInitiator client = loggedIn(target)) {
            int count = 200;
            for (int i = 0; i < count; i++) {
                int ttt = random.nextBoolean() ? Pdu.RESERVED_TAG : random.nextInt();
                client.send(new DataOut(random.nextBoolean(), 0, 0x7000_0000 | i, ttt, client.expStatSn(), i,
                        random.nextInt(1 << 20), Unpooled.wrappedBuffer(new byte[512])));
            }
            for (int i = 0; i < count; i++) {
                Reject reject = client.expect(Reject.class);
                try {
                    assertEquals(0x04, reject.reason(), "PROTOCOL ERROR");
                    assertEquals(0x7000_0000 | i, readInt(ByteBufUtil.getBytes(reject.data()), 16),
                            "the Rejects come in order, each carrying its Data-Out's header");
                } finally {
                    reject.release();
                }
            }
            assertSessionStillServes(client);
        }
    }

    /**
     * Unsolicited Data-Out without R2T past FirstBurstLength (RFC 7143 §13.14), then the R2Ts the
     * target sent for the rest answered as asked: the task ends with CHECK CONDITION, ABORTED COMMAND
     * / DATA PHASE or DATA OFFSET ERROR (4Bh), nothing of it is written, and the session goes on.
     */
    @Test
    void unsolicitedDataBeyondFirstBurstLengthEndsOnlyItsTask() throws IOException {
        int length = 1 << 20;
        int pdu = 64 * 1024;
        try (RawInitiator client = loggedIn(target)) {
            int itt = client.newItt();
            client.send(new ScsiCommand(false, false, false, true, 1, 0, itt, length, client.consumeCmdSn(),
                    client.expStatSn(), RawInitiator.cdb10(0x2a, UNTOUCHED_LBA, length / RawInitiator.BLOCK_SIZE),
                    -1, Unpooled.EMPTY_BUFFER));
            byte[] data = new byte[pdu];
            Arrays.fill(data, (byte) 0xee);
            for (int offset = 0, dataSn = 0; offset < length; offset += pdu, dataSn++) {
                client.send(new DataOut(offset + pdu == length, 0, itt, Pdu.RESERVED_TAG, client.expStatSn(), dataSn,
                        offset, Unpooled.wrappedBuffer(data)));
            }
            ScsiResponse response = answerR2tsUntilResponse(client, itt, data);
            try {
                assertEquals(0x02, response.status(), "CHECK CONDITION");
                byte[] segment = ByteBufUtil.getBytes(response.data());
                byte[] sense = Arrays.copyOfRange(segment, 2, segment.length);
                assertEquals(0x0b, sense[2] & 0x0f, "ABORTED COMMAND");
                assertEquals(0x4b, sense[12] & 0xff, "DATA PHASE ERROR / DATA OFFSET ERROR");
            } finally {
                response.release();
            }
            assertSessionStillServes(client);
            assertArrayEquals(new byte[FIRST_BURST * 2], client.read10(UNTOUCHED_LBA, FIRST_BURST * 2 / 512),
                    "nothing of the refused write reached the device");
        }
    }

    /** Answers every R2T of {@code itt} with Data-Out of {@code fill} bytes; returns the SCSI Response. */
    private static ScsiResponse answerR2tsUntilResponse(RawInitiator client, int itt, byte[] fill) throws IOException {
        while (true) {
            Pdu pdu = client.readPdu();
            if (pdu instanceof ScsiResponse response && response.itt() == itt) {
                client.consumeStatSn(response.statSn());
                return response;
            }
            try {
                if (!(pdu instanceof R2t r2t) || r2t.itt() != itt) {
                    throw new AssertionError("expected R2T or SCSI Response of ITT " + itt + ", got " + pdu);
                }
                int offset = r2t.bufferOffset();
                int end = offset + r2t.desiredDataTransferLength();
                for (int dataSn = 0; offset < end; dataSn++) {
                    int n = Math.min(fill.length, end - offset);
                    client.send(new DataOut(offset + n == end, 0, itt, r2t.ttt(), client.expStatSn(), dataSn, offset,
                            Unpooled.wrappedBuffer(fill, 0, n)));
                    offset += n;
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(pdu);
            }
        }
    }

    // ---- half-open connections ----------------------------------------------------------------------

    /**
     * 2000 connections that send nothing or half a header are all closed by the login timeout, while
     * a normal client logs in, writes, reads back and logs out again and again, every round correct.
     * Afterwards: every page free, no session, the JVM's direct memory back near its idle value.
     */
    @Test
    void twoThousandHalfOpenConnectionsAreClosedByTheLoginTimeoutWhileANormalClientWorks() throws Exception {
        try (LeakWatch watch = LeakWatch.watching()) {
            storm();
            watch.collectAndPoll();
            assertEquals(List.of(), watch.leaks(), "Netty's leak detector found leaks");
        }
    }

    private static void storm() throws Exception {
        assertANormalClientStillWorks(target); // warm: the allocator's first chunks are in the idle value
        long idleDirect = directMemoryUsed();

        AtomicBoolean storming = new AtomicBoolean(true);
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<Throwable> clientFailure = new AtomicReference<>();
        Thread normal = new Thread(() -> {
            Random random = new Random(7);
            try {
                while (storming.get()) {
                    normalRound(random, rounds.get());
                    rounds.incrementAndGet();
                }
            } catch (Throwable t) {
                clientFailure.set(t);
            }
        }, "normal-client");
        normal.start();

        List<Socket> halfOpen = new ArrayList<>(HALF_OPEN);
        byte[] halfHeader = Arrays.copyOf(RawInitiator.bhs(new NopOut(true, 0, 1, Pdu.RESERVED_TAG, 1, 0,
                Unpooled.EMPTY_BUFFER)), 24);
        try {
            for (int i = 0; i < HALF_OPEN; i++) {
                Socket socket = new Socket();
                halfOpen.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", target.port()), 10_000);
                if (i % 2 == 1) {
                    socket.getOutputStream().write(halfHeader);
                }
            }
            long deadline = System.nanoTime() + LOGIN_TIMEOUT.plus(Duration.ofSeconds(20)).toNanos();
            int closed = 0;
            for (Socket socket : halfOpen) {
                if (closedByTarget(socket, deadline)) {
                    closed++;
                }
            }
            assertEquals(HALF_OPEN, closed, "connections the login timeout closed");
        } finally {
            storming.set(false);
            for (Socket socket : halfOpen) {
                socket.close();
            }
            normal.join(30_000);
        }
        assertNull(clientFailure.get(), () -> "the normal client failed in round " + rounds.get() + ": "
                + clientFailure.get());
        assertTrue(rounds.get() >= 2, "the normal client completed only " + rounds.get() + " rounds");

        awaitIdle(target);
        System.out.printf("half-open storm: %d connections closed by the login timeout, %d normal rounds, direct"
                + " memory idle %d bytes, after %d bytes%n", HALF_OPEN, rounds.get(), idleDirect, directMemoryUsed());
        long bound = 16L << 20;
        TestProbe<Void> probe = TestProbe.create(target.server().system());
        try {
            probe.awaitAssert(Duration.ofSeconds(20), () -> {
                System.gc(); // direct buffers of closed channels are freed when their cleaners run
                long used = directMemoryUsed();
                assertTrue(used <= idleDirect + bound, "direct memory " + used + " bytes, idle was " + idleDirect);
                return null;
            });
        } finally {
            probe.stop();
        }
    }

    /** One normal session: login, WRITE 64 KiB at a round-specific place, READ it back, logout. */
    private static void normalRound(Random random, int round) throws IOException {
        try (RawInitiator client = loggedIn(target)) {
            byte[] data = new byte[FIRST_BURST];
            random.nextBytes(data);
            int lba = 1024 + (round % 64) * 128;
            RawInitiator.Outcome written = client.write10(0, lba, data, false);
            assertEquals(0, written.status(), "WRITE(10) in round " + round);
            assertArrayEquals(data, client.read10(lba, FIRST_BURST / 512), "read back in round " + round);
            assertEquals(0, client.logout());
        }
    }

    /** Waits until the target closes {@code socket} (EOF or reset) or the deadline passes. */
    private static boolean closedByTarget(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (in.read() < 0) {
                    return true;
                }
                // A login-phase connection gets no bytes before it is closed; anything is a failure.
                return false;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** The JVM's direct buffer pool (Netty allocates through it): bytes in use. */
    private static long directMemoryUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool bean");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static NopOut ping(RawInitiator client) {
        return new NopOut(true, 0, client.newItt(), Pdu.RESERVED_TAG, client.cmdSn(), client.expStatSn(),
                Unpooled.EMPTY_BUFFER);
    }

    private static void expectReject(RawInitiator client, int reason, byte[] header) throws IOException {
        Reject reject = client.expect(Reject.class);
        try {
            assertEquals(reason, reject.reason(), "Reject reason");
            assertArrayEquals(header, ByteBufUtil.getBytes(reject.data()), "the Reject carries the header");
        } finally {
            reject.release();
        }
    }

    private static RawInitiator loggedIn(TestTarget on) throws IOException {
        RawInitiator client = RawInitiator.connect(on.port());
        try {
            RawInitiator.Login login = client.login(INITIATOR, TestTarget.IQN,
                    RawInitiator.ISID_BASE | 0x2000 | isids.incrementAndGet());
            assertTrue(login.succeeded(), () -> "login failed: " + login);
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    private static void assertSessionStillServes(RawInitiator client) throws IOException {
        byte[] payload = "still there?".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(payload, client.ping(payload));
        assertEquals(0, client.testUnitReady().status());
        assertEquals(8 * RawInitiator.BLOCK_SIZE, client.read10(0, 8).length);
    }

    private static void assertANormalClientStillWorks(TestTarget on) throws IOException {
        try (RawInitiator client = loggedIn(on)) {
            assertEquals(0, client.testUnitReady().status());
            assertEquals(8 * RawInitiator.BLOCK_SIZE, client.read10(8, 8).length);
            assertEquals(0, client.logout());
            assertTrue(client.expectClosed(CLOSE_WITHIN), "no close after logout");
        }
    }

    /** Every page back, none released twice, no session registered. */
    private static void awaitIdle(TestTarget on) {
        TestProbe<Void> probe = TestProbe.create(on.server().system());
        try {
            probe.awaitAssert(Duration.ofSeconds(15), () -> {
                PoolStats stats = on.server().poolStats();
                assertEquals(0, stats.outstanding(), stats::summary);
                assertEquals(0, stats.doubleReleases(), stats::summary);
                assertEquals(List.of(), on.server().sessions(), "sessions left");
                return null;
            });
        } finally {
            probe.stop();
        }
    }

    private static void setDataSegmentLength(byte[] header, int length) {
        header[5] = (byte) (length >>> 16);
        header[6] = (byte) (length >>> 8);
        header[7] = (byte) length;
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static int readInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16 | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }
}
