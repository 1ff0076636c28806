package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TextCodec;
import io.pagewire.protocol.text.TextFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CHAP end to end: libiscsi's tools with one-way and mutual CHAP (URL arguments and environment
 * variables), discovery with CHAP, and raw Login PDUs for the exact status class and detail of each
 * refusal (RFC 7143 §11.13.5, §12.1.3).
 */
class ChapTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static final String USER = "alice";
    private static final String SECRET = "alice-secret-0001";
    private static final String TARGET_USER = "pagewire";
    private static final String TARGET_SECRET = "target-secret-0002";
    private static final String DISCOVERY_USER = "finder";
    private static final String DISCOVERY_SECRET = "discovery-secret-3";
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:chap-client";
    private static final AtomicLong isids = new AtomicLong();

    private static TestTarget target;

    @BeforeAll
    static void start() {
        String luns = "[ { lun = 0, backend = memory, size = 16MiB } ]";
        target = TestTarget.start(luns, "targets = [ { iqn = \"" + TestTarget.IQN + "\", luns = " + luns + "\n"
                + "  chap { user = \"" + USER + "\", secret = \"" + SECRET + "\" }\n"
                + "  mutual-chap { user = \"" + TARGET_USER + "\", secret = \"" + TARGET_SECRET + "\" } } ]\n"
                + "discovery.chap { user = \"" + DISCOVERY_USER + "\", secret = \"" + DISCOVERY_SECRET + "\" }\n");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    private static String url(String credentials, String query) {
        return "iscsi://" + credentials + "127.0.0.1:" + target.port() + "/" + TestTarget.IQN + "/0" + query;
    }

    // ---- libiscsi -----------------------------------------------------------------------------------

    @Test
    void iscsiInqWithTheRightSecretLogsIn() {
        String out = Tool.run(TIMEOUT, "iscsi-inq", url(USER + "%" + SECRET + "@", "")).assertSuccess("iscsi-inq").output();
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
    }

    @Test
    void iscsiInqWithAWrongSecretFails() {
        Tool.Result result = Tool.run(TIMEOUT, "iscsi-inq", url(USER + "%wrong-secret-0001@", ""));
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Login Failed") || result.output().contains("login"), result.output());
    }

    @Test
    void iscsiInqWithoutASecretFails() {
        Tool.Result result = Tool.run(TIMEOUT, "iscsi-inq", url("", ""));
        assertNotEquals(0, result.exitCode(), result.output());
    }

    @Test
    void mutualChapThroughTheUrlArguments() {
        String out = Tool.run(TIMEOUT, "iscsi-inq", url(USER + "%" + SECRET + "@",
                "?target_user=" + TARGET_USER + "&target_password=" + TARGET_SECRET)).assertSuccess("iscsi-inq mutual")
                .output();
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
    }

    /** libiscsi checks the target's CHAP_R: a target proving a different secret is refused by the initiator. */
    @Test
    void mutualChapWithAnotherTargetSecretIsRefusedByTheInitiator() {
        Tool.Result result = Tool.run(TIMEOUT, "iscsi-inq", url(USER + "%" + SECRET + "@",
                "?target_user=" + TARGET_USER + "&target_password=not-the-target-secret"));
        assertNotEquals(0, result.exitCode(), result.output());
    }

    @Test
    void mutualChapThroughTheEnvironment() {
        String out = Tool.run(TIMEOUT, Map.of("LIBISCSI_CHAP_USERNAME", USER, "LIBISCSI_CHAP_PASSWORD", SECRET,
                        "LIBISCSI_CHAP_TARGET_USERNAME", TARGET_USER, "LIBISCSI_CHAP_TARGET_PASSWORD", TARGET_SECRET),
                List.of("iscsi-inq", url("", ""))).assertSuccess("iscsi-inq mutual (environment)").output();
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
    }

    @Test
    void discoveryWithChap() {
        String out = Tool.run(TIMEOUT, "iscsi-ls", "iscsi://" + DISCOVERY_USER + "%" + DISCOVERY_SECRET + "@"
                + target.portal()).assertSuccess("iscsi-ls with discovery CHAP").output();
        assertTrue(out.contains("Target:" + TestTarget.IQN), out);
        Tool.Result refused = Tool.run(TIMEOUT, "iscsi-ls", "iscsi://" + target.portal());
        assertNotEquals(0, refused.exitCode(), refused.output());
        assertTrue(!refused.output().contains("Target:" + TestTarget.IQN), refused.output());
        // The target's secret is not the discovery secret.
        Tool.Result wrong = Tool.run(TIMEOUT, "iscsi-ls", "iscsi://" + USER + "%" + SECRET + "@" + target.portal());
        assertNotEquals(0, wrong.exitCode(), wrong.output());
    }

    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)",
                    Pattern.MULTILINE);

    /** libiscsi's conformance suites log in (several sessions each) with mutual CHAP. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Inquiry", "TestUnitReady", "Read10", "Write10",
            "iSCSIcmdsn"})
    void conformanceSuitesOverMutualChap(String suite) {
        Tool.Result result = Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-d", "-v", "-t", "ALL." + suite,
                url(USER + "%" + SECRET + "@", "?target_user=" + TARGET_USER + "&target_password=" + TARGET_SECRET));
        Matcher tests = TESTS_LINE.matcher(result.output());
        assertTrue(tests.find(), "no CUnit summary in:\n" + result.output());
        assertTrue(Integer.parseInt(tests.group(2)) > 0, result.output());
        assertEquals(0, Integer.parseInt(tests.group(4)), suite + " had failures:\n" + result.output());
        assertEquals(0, result.exitCode(), result.output());
    }

    // ---- raw Login PDUs: exact status bytes ------------------------------------------------------------

    /** One security-stage Login Request (CSG=0) and its answer. */
    private static RawInitiator.Login security(RawInitiator client, long isid, boolean transit, List<KeyValue> keys)
            throws IOException {
        client.send(new LoginRequest(transit, false, 0, transit ? 1 : 0, 0, 0, isid, 0, client.newItt(), 0, 1, 0,
                Unpooled.wrappedBuffer(TextCodec.encode(keys))));
        LoginResponse response = client.expect(LoginResponse.class);
        try {
            return new RawInitiator.Login(response.statusClass(), response.statusDetail(), response.transit(),
                    response.csg(), response.nsg(), response.versionActive(), response.isid(), response.tsih(),
                    response.statSn(), response.expCmdSn(), response.maxCmdSn(), TextCodec.decode(response.data()));
        } catch (TextFormatException e) {
            throw new AssertionError(e);
        } finally {
            response.release();
        }
    }

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> keys = new ArrayList<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            keys.add(new KeyValue(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return keys;
    }

    record Challenge(int identifier, byte[] value) {
    }

    /** AuthMethod=CHAP, then CHAP_A=5; returns the target's CHAP_I and CHAP_C. */
    private static Challenge challenge(RawInitiator client, long isid) throws IOException {
        RawInitiator.Login first = security(client, isid, false, keys("InitiatorName=" + INITIATOR,
                "TargetName=" + TestTarget.IQN, "SessionType=Normal", "AuthMethod=CHAP,None"));
        assertEquals(0x0000, first.code());
        assertEquals("CHAP", first.key("AuthMethod").orElseThrow());
        RawInitiator.Login second = security(client, isid, false, keys("CHAP_A=5"));
        assertEquals(0x0000, second.code());
        assertEquals("5", second.key("CHAP_A").orElseThrow());
        String c = second.key("CHAP_C").orElseThrow();
        assertTrue(c.startsWith("0x") && c.length() >= 2 + 32, c); // at least 16 bytes
        return new Challenge(Integer.parseInt(second.key("CHAP_I").orElseThrow()), HexFormat.of().parseHex(c.substring(2)));
    }

    private static String response(Challenge challenge, String secret) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) challenge.identifier());
        md5.update(secret.getBytes(StandardCharsets.UTF_8));
        md5.update(challenge.value());
        return "0x" + HexFormat.of().formatHex(md5.digest());
    }

    @Test
    void rawChapLoginReachesFullFeaturePhaseAndAnswersTheMutualChallenge() throws Exception {
        long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            Challenge c = challenge(client, isid);
            Challenge ours = new Challenge(9, HexFormat.of().parseHex("0f1e2d3c4b5a69788796a5b4c3d2e1f0"));
            RawInitiator.Login authenticated = security(client, isid, true, keys("CHAP_N=" + USER,
                    "CHAP_R=" + response(c, SECRET), "CHAP_I=9", "CHAP_C=0x0f1e2d3c4b5a69788796a5b4c3d2e1f0"));
            assertEquals(0x0000, authenticated.code());
            assertTrue(authenticated.transit());
            assertEquals(1, authenticated.nsg());
            assertEquals(TARGET_USER, authenticated.key("CHAP_N").orElseThrow());
            assertEquals(response(ours, TARGET_SECRET), authenticated.key("CHAP_R").orElseThrow());
            RawInitiator.Login done = client.login(isid, 0, 0, RawInitiator.loginKeys(INITIATOR, TestTarget.IQN));
            assertTrue(done.succeeded(), "code " + Integer.toHexString(done.code()));
            assertEquals(0, client.testUnitReady().status());
        }
    }

    @Test
    void rawWrongResponseIs0201AndTheConnectionCloses() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
            Challenge c = challenge(client, isid);
            RawInitiator.Login refused = security(client, isid, true, keys("CHAP_N=" + USER,
                    "CHAP_R=" + response(c, "alice-secret-0002")));
            assertEquals(0x0201, refused.code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void rawMissingResponseIs0207() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
            challenge(client, isid);
            assertEquals(0x0207, security(client, isid, true, keys("CHAP_N=" + USER)).code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void rawMalformedResponseIs0201() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
            challenge(client, isid);
            assertEquals(0x0201, security(client, isid, true, keys("CHAP_N=" + USER, "CHAP_R=0xnothex")).code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void rawReflectedChallengeIs0201() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
            Challenge c = challenge(client, isid);
            RawInitiator.Login refused = security(client, isid, true, keys("CHAP_N=" + USER,
                    "CHAP_R=" + response(c, SECRET), "CHAP_I=" + c.identifier(),
                    "CHAP_C=0x" + HexFormat.of().formatHex(c.value())));
            assertEquals(0x0201, refused.code());
            assertTrue(refused.key("CHAP_R").isEmpty());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void rawAlgorithmWithoutMd5Is0201() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            long isid = RawInitiator.ISID_BASE | isids.incrementAndGet();
            security(client, isid, false, keys("InitiatorName=" + INITIATOR, "TargetName=" + TestTarget.IQN,
                    "AuthMethod=CHAP"));
            assertEquals(0x0201, security(client, isid, false, keys("CHAP_A=7")).code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void rawAuthMethodNoneOrNoSecurityStageIs0201() throws Exception {
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertEquals(0x0201, security(client, RawInitiator.ISID_BASE | isids.incrementAndGet(), true,
                    keys("InitiatorName=" + INITIATOR, "TargetName=" + TestTarget.IQN, "AuthMethod=None")).code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
        try (RawInitiator client = RawInitiator.connect(target.port())) {
            assertEquals(0x0201, client.login(INITIATOR, TestTarget.IQN, RawInitiator.ISID_BASE | isids.incrementAndGet())
                    .code());
            assertTrue(client.expectClosed(CLOSE_WITHIN));
        }
    }

    @Test
    void everyLoginGetsAFreshChallenge() throws Exception {
        try (RawInitiator a = RawInitiator.connect(target.port()); RawInitiator b = RawInitiator.connect(target.port())) {
            Challenge first = challenge(a, RawInitiator.ISID_BASE | isids.incrementAndGet());
            Challenge second = challenge(b, RawInitiator.ISID_BASE | isids.incrementAndGet());
            assertNotEquals(HexFormat.of().formatHex(first.value()), HexFormat.of().formatHex(second.value()));
            assertNotEquals(first.identifier(), second.identifier());
        }
    }
}
