package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.text.KeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one running target does with input a correct initiator never sends: each case asserts the
 * exact answer (Login Response status, Reject reason, or a plain close) and then that a normal
 * client still logs in and reads. After every case every page is back in the pool and none was
 * released twice.
 */
class HostileInputTest {
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:hostile";
    /** A target that drops a connection does so at once; 2 s is slack for a loaded machine. */
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(2);
    /** Shorter than the 15 s default, and longer than CLOSE_WITHIN so the two causes of a close differ. */
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(4);
    private static final int WRITE_BLOCKS = 2048; // 1 MiB
    private static final int RESERVED_OPCODE = 0x1f;

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
    void everyPageIsBackInThePool() {
        target.awaitEveryPageFree();
    }

    // ---- before login -----------------------------------------------------------------------------

    @Test
    void garbageIsDroppedAtOnceWithoutAnAnswer() throws IOException {
        // Enough bytes for the largest AHS the first header can claim (255 words), so the decoder
        // gets a whole header; its DataSegmentLength is over the 8192 bytes allowed at login, a
        // framing error, which ends a connection in login without a Reject.
        byte[] garbage = new byte[48 + 1020 + 1024];
        new Random(20261125L).nextBytes(garbage);
        int dataSegmentLength = (garbage[5] & 0xff) << 16 | (garbage[6] & 0xff) << 8 | (garbage[7] & 0xff);
        assertTrue(dataSegmentLength > 8192, "the seed must give a header over the login segment limit");
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            client.sendRaw(garbage);
            assertTrue(client.expectClosed(CLOSE_WITHIN), "connection still open");
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aShortHttpRequestIsDroppedAtTheLoginTimeout() throws IOException {
        // 'G' is the reserved opcode 0x07 and byte 4 ('/') claims 188 bytes of AHS, more than curl
        // sends: the first header is never complete, and an HTTP client waits for an answer too.
        byte[] get = "GET / HTTP/1.1\r\nHost: 127.0.0.1:3260\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            client.sendRaw(get);
            assertFalse(client.expectClosed(CLOSE_WITHIN), "closed before the login timeout");
            assertTrue(client.expectClosed(LOGIN_TIMEOUT), "still open after the login timeout");
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aSilentConnectionIsDroppedAtTheLoginTimeout() throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.expectClosed(LOGIN_TIMEOUT.plus(CLOSE_WITHIN)), "still open after the login timeout");
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aSixteenMebibyteSegmentAtLoginIsRefusedFromTheHeaderAlone() throws IOException {
        byte[] header = RawInitiator.bhs(new LoginRequest(true, false, 1, 3, 0, 0, nextIsid(), 0, 1, 0, 1, 0,
                Unpooled.EMPTY_BUFFER));
        claimSixteenMebibytes(header);
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            client.sendRaw(header); // and not one byte of the segment
            assertTrue(client.expectClosed(CLOSE_WITHIN), "the target waited for the 16 MiB segment");
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aScsiCommandBeforeLoginClosesTheConnection() throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            client.send(new ScsiCommand(false, true, false, false, 1, 0, 1, 0, 1, 0, new byte[16], -1,
                    Unpooled.EMPTY_BUFFER));
            assertTrue(client.expectClosed(CLOSE_WITHIN), "connection still open");
        }
        assertANormalClientStillWorks();
    }

    // ---- login refusals (RFC 7143 §11.13.5) -------------------------------------------------------

    @Test
    void aLoginWithoutInitiatorNameIsMissingAParameter() throws IOException {
        List<KeyValue> keys = RawInitiator.loginKeys(INITIATOR, TestTarget.IQN);
        keys.removeIf(k -> k.key().equals("InitiatorName"));
        assertLoginRefused(nextIsid(), 0, 0, keys, 0x0207);
    }

    @Test
    void aLoginToAnUnknownTargetIsNotFound() throws IOException {
        assertLoginRefused(nextIsid(), 0, 0, RawInitiator.loginKeys(INITIATOR, "iqn.2026-11.io.pagewire:nobody"),
                0x0203);
    }

    @Test
    void aLoginWithVersionMinAboveZeroIsAnUnsupportedVersion() throws IOException {
        assertLoginRefused(nextIsid(), 0, 1, RawInitiator.loginKeys(INITIATOR, TestTarget.IQN), 0x0205);
    }

    @Test
    void aLoginNamingAnUnknownTsihFindsNoSession() throws IOException {
        assertLoginRefused(nextIsid(), 0x7777, 0, RawInitiator.loginKeys(INITIATOR, TestTarget.IQN), 0x020a);
    }

    // ---- full feature phase -----------------------------------------------------------------------

    @Test
    void aSixteenMebibyteSegmentAfterLoginIsRejectedAndTheConnectionClosed() throws IOException {
        try (RawInitiator client = loggedIn()) {
            byte[] header = RawInitiator.bhs(new NopOut(true, 0, client.newItt(), Pdu.RESERVED_TAG, client.cmdSn(),
                    client.expStatSn(), Unpooled.EMPTY_BUFFER));
            claimSixteenMebibytes(header);
            client.sendRaw(header);
            Reject reject = client.expect(Reject.class);
            try {
                assertEquals(0x04, reject.reason(), "PROTOCOL ERROR");
                assertArrayEquals(header, ByteBufUtil.getBytes(reject.data()), "the Reject carries the header");
            } finally {
                reject.release();
            }
            assertTrue(client.expectClosed(CLOSE_WITHIN), "the target waited for the 16 MiB segment");
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aDataOutForNoTaskIsRejectedAndTheSessionGoesOn() throws IOException {
        try (RawInitiator client = loggedIn()) {
            DataOut stray = new DataOut(true, 0, 0x4242, Pdu.RESERVED_TAG, client.expStatSn(), 0, 0,
                    Unpooled.wrappedBuffer(new byte[RawInitiator.BLOCK_SIZE]));
            byte[] header = RawInitiator.bhs(stray.retain());
            client.send(stray);
            Reject reject = client.expect(Reject.class);
            try {
                assertEquals(0x04, reject.reason(), "PROTOCOL ERROR");
                assertArrayEquals(header, ByteBufUtil.getBytes(reject.data()), "the Reject carries the header");
                assertEquals(client.expStatSn(), reject.statSn());
                assertEquals(client.cmdSn(), reject.expCmdSn(), "a Data-Out consumes no CmdSN");
            } finally {
                reject.release();
            }
            assertSessionStillServes(client);
        }
        assertANormalClientStillWorks();
    }

    @Test
    void aReservedOpcodeIsRejectedAsNotSupportedAndTheSessionGoesOn() throws IOException {
        try (RawInitiator client = loggedIn()) {
            byte[] header = new byte[48];
            header[0] = (byte) (0x40 | RESERVED_OPCODE); // immediate
            header[1] = (byte) 0x80;
            putInt(header, 16, client.newItt());
            putInt(header, 24, client.cmdSn());
            putInt(header, 28, client.expStatSn());
            client.sendRaw(header);
            Reject reject = client.expect(Reject.class);
            try {
                assertEquals(0x05, reject.reason(), "COMMAND NOT SUPPORTED");
                assertArrayEquals(header, ByteBufUtil.getBytes(reject.data()), "the Reject carries the header");
            } finally {
                reject.release();
            }
            assertSessionStillServes(client);
        }
        assertANormalClientStillWorks();
    }

    // ---- initiators that vanish -------------------------------------------------------------------

    @Test
    void aResetRightAfterAWriteCommandStrandsNoPage() throws IOException {
        // The reset races the session's page lease: repeated so the grant often finds the session gone.
        for (int i = 0; i < 20; i++) {
            try (RawInitiator client = loggedIn()) {
                client.send(write10(client, 32 * 1024, false));
                client.reset();
            }
        }
        target.awaitEveryPageFree();
        assertANormalClientStillWorks();
    }

    @Test
    void aResetInTheMiddleOfASolicitedBurstStrandsNoPage() throws IOException {
        try (RawInitiator client = loggedIn()) {
            int firstBurst = 64 * 1024; // FirstBurstLength: all of it immediate, so the target solicits the rest
            ScsiCommand write = write10(client, firstBurst, true);
            int itt = write.itt();
            client.send(write);
            R2t r2t = client.expect(R2t.class);
            assertEquals(itt, r2t.itt());
            assertEquals(firstBurst, r2t.bufferOffset());
            assertEquals(256 * 1024, r2t.desiredDataTransferLength(), "MaxBurstLength");
            client.send(new DataOut(false, 0, itt, r2t.ttt(), client.expStatSn(), 0, r2t.bufferOffset(),
                    Unpooled.wrappedBuffer(pattern(128 * 1024))));
            assertTrue(target.server().poolStats().outstanding() > 0, "the write holds its segment's pages");
            client.reset();
        }
        target.awaitEveryPageFree();
        assertANormalClientStillWorks();
    }

    @Test
    void aCloseInTheMiddleOfUnsolicitedDataStrandsNoPage() throws IOException {
        try (RawInitiator client = loggedIn()) {
            ScsiCommand write = write10(client, 16 * 1024, false);
            int itt = write.itt();
            client.send(write);
            client.send(new DataOut(false, 0, itt, Pdu.RESERVED_TAG, client.expStatSn(), 0, 16 * 1024,
                    Unpooled.wrappedBuffer(pattern(16 * 1024))));
        } // an orderly FIN, half-way through FirstBurstLength
        target.awaitEveryPageFree();
        assertANormalClientStillWorks();
    }

    @Test
    void aResetDuringALargeReadStrandsNoPage() throws IOException {
        try (RawInitiator client = loggedIn()) {
            int blocks = 8 * WRITE_BLOCKS; // 8 MiB: several segments of pages
            client.send(new ScsiCommand(false, true, true, false, 1, 0, client.newItt(),
                    blocks * RawInitiator.BLOCK_SIZE, client.consumeCmdSn(), client.expStatSn(),
                    RawInitiator.cdb10(0x28, 0, blocks), -1, Unpooled.EMPTY_BUFFER));
            client.expect(DataIn.class).release(); // the read is under way
            client.reset();
        }
        target.awaitEveryPageFree();
        assertANormalClientStillWorks();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static RawInitiator loggedIn() throws IOException {
        RawInitiator client = RawInitiator.connect(target.port());
        try {
            RawInitiator.Login login = client.login(INITIATOR, TestTarget.IQN, nextIsid());
            assertEquals(0, login.code(), () -> "login failed: " + login);
            assertTrue(login.succeeded(), () -> "login did not reach full feature phase: " + login);
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    private static void assertLoginRefused(long isid, int tsih, int versionMin, List<KeyValue> keys, int code)
            throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            RawInitiator.Login login = client.login(isid, tsih, versionMin, keys);
            assertEquals(code, login.code(), () -> String.format("status 0x%04x (%s)", login.code(), login.status()));
            assertEquals(0, login.tsih(), "a refused login gets no session");
            assertTrue(client.expectClosed(CLOSE_WITHIN), "the target keeps a refused login open");
        }
        assertANormalClientStillWorks();
    }

    /** A ping echoes its payload, TEST UNIT READY and a READ succeed: the session is intact. */
    private static void assertSessionStillServes(RawInitiator client) throws IOException {
        byte[] payload = "still there?".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(payload, client.ping(payload));
        assertEquals(0, client.testUnitReady().status());
        assertEquals(8 * RawInitiator.BLOCK_SIZE, client.read10(0, 8).length);
    }

    private static void assertANormalClientStillWorks() throws IOException {
        try (RawInitiator client = loggedIn()) {
            assertEquals(0, client.testUnitReady().status());
            assertEquals(8 * RawInitiator.BLOCK_SIZE, client.read10(8, 8).length);
            assertEquals(0, client.logout());
            assertTrue(client.expectClosed(CLOSE_WITHIN), "no close after logout");
        }
    }

    /**
     * WRITE(10) of 1 MiB at LBA 0 with {@code immediate} bytes of immediate data. {@code last}:
     * the F bit, set when no unsolicited Data-Out follows.
     */
    private static ScsiCommand write10(RawInitiator client, int immediate, boolean last) {
        return new ScsiCommand(false, last, false, true, 1, 0, client.newItt(), WRITE_BLOCKS * RawInitiator.BLOCK_SIZE,
                client.consumeCmdSn(), client.expStatSn(), RawInitiator.cdb10(0x2a, 0, WRITE_BLOCKS), -1,
                Unpooled.wrappedBuffer(pattern(immediate)));
    }


    private static long nextIsid() {
        return RawInitiator.ISID_BASE | 0x1000 | isids.incrementAndGet();
    }

    private static void claimSixteenMebibytes(byte[] header) {
        header[5] = (byte) 0xff;
        header[6] = (byte) 0xff;
        header[7] = (byte) 0xff;
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
