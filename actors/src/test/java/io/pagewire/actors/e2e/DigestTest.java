package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.text.KeyValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CRC32C header and data digests (RFC 7143 §13.1): negotiated at login, in force from the first PDU
 * after the final Login Response, checked on every PDU. A header digest error closes the connection
 * without an answer; a data digest error gets Reject 0x02 and then the connection closes (§7.8, at
 * ErrorRecoveryLevel 0), and the corrupted data never reaches the device.
 */
class DigestTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration CLOSE = Duration.ofSeconds(10);
    private static final int BLOCK = RawInitiator.BLOCK_SIZE;

    @TempDir
    static Path dir;

    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    // The libiscsi test writes the first 4 MiB; the raw tests use blocks from 10000 on.
    private static TestTarget target;
    /** Requires CRC32C header digests: libiscsi (which offers None,CRC32C) gets them. */
    private static TestTarget required;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]", "");
        required = TestTarget.start("[ { lun = 0, backend = memory, size = 128MiB } ]",
                "negotiation.header-digest = [CRC32C]");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
        if (required != null) {
            required.close();
        }
    }

    @Test
    void aTargetRequiringDigestsRefusesALoginWithout() throws IOException {
        try (RawInitiator client = RawInitiator.connect(required.port())) {
            RawInitiator.Login login = client.login(RawInitiator.ISID_BASE | 6, 0, 0, keys("None", "None"));
            assertEquals(0x0200, login.code(), "Initiator Error: the session would run without the digest");
            assertTrue(client.expectClosed(CLOSE));
        }
        try (RawInitiator client = RawInitiator.connect(required.port())) {
            RawInitiator.Login login = client.login(RawInitiator.ISID_BASE | 7, 0, 0, keys("None,CRC32C", "None"));
            assertTrue(login.succeeded());
            assertEquals(Optional.of("CRC32C"), login.key("HeaderDigest"));
            client.digests(true, false);
            assertEquals(0, client.testUnitReady().status());
        }
    }

    @Test
    void libiscsiGetsHeaderDigestsFromATargetRequiringThem() {
        String out = Tool.run(TIMEOUT, "iscsi-inq", required.url(0)).assertSuccess("iscsi-inq with header digests")
                .output();
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
        out = Tool.run(TIMEOUT, "iscsi-readcapacity16", required.url(0)).assertSuccess("iscsi-readcapacity16").output();
        assertTrue(out.contains("LOGICAL BLOCK LENGTH IN BYTES:512"), out);
    }

    /** libiscsi's suites with a CRC32C header digest on every PDU (libiscsi has no data digests). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iSCSIcmdsn", "iSCSIdatasn", "iSCSIResiduals", "iSCSITMF", "Read10", "Write10"})
    void conformanceSuitePassesWithHeaderDigests(String suite) {
        Tool.Result result = Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-d", "-v", "-t", "ALL." + suite,
                required.url(0));
        String out = result.output();
        Matcher tests = TESTS_LINE.matcher(out);
        assertTrue(tests.find(), "no CUnit summary in:\n" + out);
        assertTrue(Integer.parseInt(tests.group(2)) > 0, "no test ran:\n" + out);
        assertEquals(0, Integer.parseInt(tests.group(4)), suite + " had failures:\n" + out);
        assertEquals(0, result.exitCode(), out);
    }

    @Test
    void bothDigestsAreNegotiatedAndCarryWritesAndReads() throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            RawInitiator.Login login = loginWithDigests(client, "CRC32C,None", "CRC32C,None", 1);
            assertEquals(Optional.of("CRC32C"), login.key("HeaderDigest"));
            assertEquals(Optional.of("CRC32C"), login.key("DataDigest"));
            client.digests(true, true);
            byte[] data = pattern(8 * BLOCK, 1);
            RawInitiator.Outcome written = write(client, 10000, data);
            assertEquals(0, written.status());
            assertArrayEquals(data, client.read10(10000, 8));
            assertArrayEquals(new byte[] {1, 2, 3}, client.ping(new byte[] {1, 2, 3}), "NOP-In data with a digest");
            assertEquals(0, client.logout());
        }
    }

    @Test
    void anInitiatorPreferringNoneGetsNone() throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            RawInitiator.Login login = loginWithDigests(client, "None,CRC32C", "None,CRC32C", 2);
            assertEquals(Optional.of("None"), login.key("HeaderDigest"));
            assertEquals(Optional.of("None"), login.key("DataDigest"));
            assertEquals(0, client.testUnitReady().status());
        }
    }

    @Test
    void aDataDigestErrorIsRejectedAndTheCorruptedWriteNeverReachesTheDevice() throws IOException {
        byte[] data = pattern(4 * BLOCK, 2);
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(loginWithDigests(client, "CRC32C", "CRC32C", 3).succeeded());
            client.digests(true, true);
            int itt = client.newItt();
            byte[] frame = client.frame(writeCommand(client, itt, 20000, data));
            frame[48 + 4 + 10] ^= 0x01; // a data byte after BHS and header digest: the data digest no longer matches
            client.sendRaw(frame);
            Reject reject = client.expect(Reject.class);
            try {
                assertEquals(0x02, reject.reason(), "Data-Digest-Error (RFC 7143 §11.17.1)");
                byte[] header = ByteBufUtil.getBytes(reject.data());
                assertEquals(itt, Unpooled.wrappedBuffer(header).getInt(16), "the Reject carries the rejected BHS");
            } finally {
                reject.release();
            }
            assertTrue(client.expectClosed(CLOSE), "ErrorRecoveryLevel 0: the connection ends after the Reject");
        }
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login("iqn.2026-11.io.pagewire:digest-check", TestTarget.IQN).succeeded());
            assertArrayEquals(new byte[4 * BLOCK], client.read10(20000, 4), "nothing of the corrupted PDU was written");
        }
    }

    @Test
    void aHeaderDigestErrorClosesTheConnectionWithoutAnAnswer() throws IOException {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(loginWithDigests(client, "CRC32C", "None", 4).succeeded());
            client.digests(true, false);
            byte[] frame = client.frame(writeCommand(client, client.newItt(), 30000, pattern(BLOCK, 3)));
            frame[20] ^= 0x40; // inside the BHS (CmdSN): the header digest no longer matches
            client.sendRaw(frame);
            assertTrue(client.expectClosed(CLOSE), "closed, and not one byte sent: the header is not trusted");
        }
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertTrue(client.login("iqn.2026-11.io.pagewire:digest-check", TestTarget.IQN).succeeded());
            assertArrayEquals(new byte[BLOCK], client.read10(30000, 1));
        }
    }

    @Test
    void withoutDigestsConfiguredAnOfferOfOnlyCrc32cIsRejectedAndNoneApplies() throws IOException {
        try (TestTarget plain = TestTarget.start("[ { lun = 0, backend = memory, size = 1MiB } ]",
                "negotiation { header-digest = [\"None\"], data-digest = [\"None\"] }");
             RawInitiator client = RawInitiator.connect(plain.port())) {
            RawInitiator.Login login = client.login(RawInitiator.ISID_BASE | 5, 0, 0,
                    keys("CRC32C", "CRC32C"));
            assertEquals(Optional.of("Reject"), login.key("HeaderDigest"));
            assertEquals(Optional.of("Reject"), login.key("DataDigest"));
            if (login.succeeded()) {
                // The keys keep their default, None: plain frames still work.
                assertEquals(0, client.testUnitReady().status());
            }
        }
    }

    @Test
    void qemuWithHeaderDigestsWritesAndReadsBack() throws IOException {
        // QEMU's iscsi driver asks libiscsi for CRC32C only (header-digest option): the target must agree.
        byte[] data = new byte[4 << 20];
        new Random(20261203L).nextBytes(data);
        Path source = dir.resolve("digest-source.raw");
        Path back = dir.resolve("digest-back.raw");
        Files.write(source, data);
        Tool.run(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(),
                "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"iscsi\",\"transport\":\"tcp\",\"portal\":\""
                        + target.portal() + "\",\"target\":\"" + TestTarget.IQN
                        + "\",\"lun\":0,\"header-digest\":\"crc32c\"}}")
                .assertSuccess("qemu-img convert to the LUN with header digests");
        Tool.run(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw",
                "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"iscsi\",\"transport\":\"tcp\",\"portal\":\""
                        + target.portal() + "\",\"target\":\"" + TestTarget.IQN
                        + "\",\"lun\":0,\"header-digest\":\"crc32c\"}}", back.toString())
                .assertSuccess("qemu-img convert from the LUN with header digests");
        byte[] read = Arrays.copyOf(Files.readAllBytes(back), data.length);
        assertArrayEquals(data, read);
    }

    private static RawInitiator.Login loginWithDigests(RawInitiator client, String header, String data, int isid)
            throws IOException {
        return client.login(RawInitiator.ISID_BASE | 0x100 | isid, 0, 0, keys(header, data));
    }

    private static List<KeyValue> keys(String header, String data) {
        List<KeyValue> keys = RawInitiator.loginKeys("iqn.2026-11.io.pagewire:digests", TestTarget.IQN);
        keys.replaceAll(k -> k.key().equals("HeaderDigest") ? new KeyValue("HeaderDigest", header)
                : k.key().equals("DataDigest") ? new KeyValue("DataDigest", data) : k);
        return keys;
    }

    private static ScsiCommand writeCommand(RawInitiator client, int itt, int lba, byte[] data) {
        return new ScsiCommand(false, true, false, true, 1, 0, itt, data.length, client.consumeCmdSn(),
                client.expStatSn(), RawInitiator.cdb10(0x2A, lba, data.length / BLOCK), -1,
                Unpooled.wrappedBuffer(data));
    }

    private static RawInitiator.Outcome write(RawInitiator client, int lba, byte[] data) throws IOException {
        int itt = client.newItt();
        client.send(writeCommand(client, itt, lba, data));
        return client.collect(itt);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
