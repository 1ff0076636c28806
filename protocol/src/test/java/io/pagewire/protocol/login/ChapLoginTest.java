package io.pagewire.protocol.login;

import static io.pagewire.protocol.login.LoginStateMachineTest.DIRECTORY;
import static io.pagewire.protocol.login.LoginStateMachineTest.LIBISCSI;
import static io.pagewire.protocol.login.LoginStateMachineTest.LIBISCSI_OPERATIONAL;
import static io.pagewire.protocol.login.LoginStateMachineTest.OPERATIONAL_TO_FULL;
import static io.pagewire.protocol.login.LoginStateMachineTest.SECURITY_TO_OPERATIONAL;
import static io.pagewire.protocol.login.LoginStateMachineTest.TARGET;
import static io.pagewire.protocol.login.LoginStateMachineTest.assertFailure;
import static io.pagewire.protocol.login.LoginStateMachineTest.assertResponse;
import static io.pagewire.protocol.text.TextFixtures.pairs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.login.LoginStateMachineTest.Request;
import io.pagewire.protocol.text.BinaryValue;
import io.pagewire.protocol.text.TargetPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHAP (RFC 7143 §12.1.3, RFC 1994) through the login state machine, as libiscsi and open-iscsi run it. */
class ChapLoginTest {
    static final ChapCredentials INITIATOR = new ChapCredentials("alice", bytes("alice-secret-0001"));
    static final ChapCredentials TARGET_SIDE = new ChapCredentials("disk", bytes("target-secret-0002"));
    static final Request STAY = Request.of(false, 0, 0);

    private final ChallengeSource challenges = new ChallengeSource(new SecureRandom());

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 1994 §4.1, computed here independently of the code under test. */
    static byte[] md5(int identifier, byte[] secret, byte[] challenge) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update((byte) identifier);
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    LoginStateMachine machine(ChapCredentials mutual) {
        return new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new Chap(INITIATOR, mutual, challenges));
    }

    /** The challenge of the second step: CHAP_I and CHAP_C, after AuthMethod and CHAP_A. */
    record Challenge(int identifier, byte[] value) {
    }

    static Challenge challenge(LoginStateMachine machine) {
        assertResponse(STAY.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "SessionType=Normal",
                "AuthMethod=CHAP,None"), false, 0, 0, "AuthMethod=CHAP", "TargetAlias=disk", "TargetPortalGroupTag=1");
        LoginStep step = STAY.sendTo(machine, "CHAP_A=5");
        assertEquals(LoginStatus.SUCCESS, step.status());
        List<String> keys = pairs(step.data());
        assertEquals(3, keys.size(), keys::toString);
        assertEquals("CHAP_A=5", keys.get(0));
        assertTrue(keys.get(1).startsWith("CHAP_I="), keys::toString);
        assertTrue(keys.get(2).startsWith("CHAP_C=0x"), keys::toString);
        int identifier = Integer.parseInt(keys.get(1).substring("CHAP_I=".length()));
        byte[] value = HexFormat.of().parseHex(keys.get(2).substring("CHAP_C=0x".length()));
        return new Challenge(identifier, value);
    }

    static String hexResponse(Challenge c, byte[] secret) throws Exception {
        return "0x" + HexFormat.of().formatHex(md5(c.identifier(), secret, c.value()));
    }

    @Test
    void oneWayRightResponseLogsIn() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertTrue(c.identifier() >= 0 && c.identifier() <= 255);
        assertEquals(ChallengeSource.CHALLENGE_BYTES, c.value().length);
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret())), true, 0, 1);
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, LIBISCSI_OPERATIONAL).complete());
    }

    @Test
    void base64ResponseIsAcceptedToo() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        String base64 = "0b" + Base64.getEncoder().encodeToString(md5(c.identifier(), INITIATOR.secret(), c.value()));
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice", "CHAP_R=" + base64), true, 0, 1);
    }

    @Test
    void wrongSecretIsAuthenticationFailure() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, bytes("alice-secret-0002"))), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void wrongNameIsAuthenticationFailure() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=mallory",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret())), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void missingResponseIsMissingParameter() {
        LoginStateMachine machine = machine(null);
        challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice"), LoginStatus.MISSING_PARAMETER);
        assertEquals(0x0207, LoginStatus.MISSING_PARAMETER.code());
    }

    @Test
    void missingNameIsMissingParameter() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_R=" + hexResponse(c, INITIATOR.secret())),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void malformedResponsesAreAuthenticationFailures() {
        for (String bad : List.of("0xZZ", "1234", "0x", "0b!!!", "0q00", "0x" + "00".repeat(1025), "")) {
            LoginStateMachine machine = machine(null);
            challenge(machine);
            assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice", "CHAP_R=" + bad),
                    LoginStatus.AUTHENTICATION_FAILURE);
        }
    }

    @Test
    void algorithmsWithoutMd5AreRefused() {
        LoginStateMachine machine = machine(null);
        STAY.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "AuthMethod=CHAP");
        assertFailure(STAY.sendTo(machine, "CHAP_A=6,7"), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void md5AnywhereInTheListIsChosen() {
        LoginStateMachine machine = machine(null);
        STAY.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "AuthMethod=CHAP");
        assertEquals("CHAP_A=5", pairs(STAY.sendTo(machine, "CHAP_A=7,5").data()).get(0));
    }

    @Test
    void responseWithoutAChallengeIsMissingParameter() {
        LoginStateMachine machine = machine(null);
        STAY.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "AuthMethod=CHAP");
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice", "CHAP_R=0x00"),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void offeringOnlyNoneToAChapTargetIsAuthenticationFailure() {
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine(null), "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "AuthMethod=None"), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void skippingTheSecurityStageOfAChapTargetIsAuthenticationFailure() {
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine(null), LoginStateMachineTest.concat(List.of(
                "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET), LIBISCSI_OPERATIONAL)),
                LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void chapKeysAfterSuccessFailTheLogin() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertResponse(STAY.sendTo(machine, "CHAP_N=alice", "CHAP_R=" + hexResponse(c, INITIATOR.secret())),
                false, 0, 0);
        assertFailure(STAY.sendTo(machine, "CHAP_A=5"), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void mutualChapAnswersTheInitiatorsChallengeWithTheTargetSecret() throws Exception {
        LoginStateMachine machine = machine(TARGET_SIDE);
        Challenge c = challenge(machine);
        byte[] ours = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        LoginStep step = SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_I=77", "CHAP_C=0x00112233445566778899aabbccddeeff");
        assertResponse(step, true, 0, 1, "CHAP_N=disk",
                "CHAP_R=0x" + HexFormat.of().formatHex(md5(77, TARGET_SIDE.secret(), ours)));
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, LIBISCSI_OPERATIONAL).complete());
    }

    @Test
    void mutualChallengeWhenTheTargetHasNoMutualSecretFails() throws Exception {
        LoginStateMachine machine = machine(null);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_I=1", "CHAP_C=0x0102030405060708"),
                LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void reflectedChallengeIsRefused() throws Exception {
        LoginStateMachine machine = machine(TARGET_SIDE);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_I=" + c.identifier(),
                "CHAP_C=" + BinaryValue.hex(c.value())), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void aChallengeReflectedFromAnotherLoginIsRefused() throws Exception {
        LoginStateMachine victim = machine(TARGET_SIDE);
        Challenge pending = challenge(victim); // another login waiting for its response
        LoginStateMachine attacker = machine(TARGET_SIDE);
        Challenge c = challenge(attacker);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(attacker, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_I=" + pending.identifier(),
                "CHAP_C=" + BinaryValue.hex(pending.value())), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void halfAMutualChallengeIsMissingParameter() throws Exception {
        LoginStateMachine machine = machine(TARGET_SIDE);
        Challenge c = challenge(machine);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_C=0x0102030405060708"),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void badMutualIdentifierFails() throws Exception {
        for (String id : List.of("256", "-1", "x")) {
            LoginStateMachine machine = machine(TARGET_SIDE);
            Challenge c = challenge(machine);
            assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=alice",
                    "CHAP_R=" + hexResponse(c, INITIATOR.secret()), "CHAP_I=" + id, "CHAP_C=0x01020304"),
                    LoginStatus.AUTHENTICATION_FAILURE);
        }
    }

    @Test
    void everyLoginGetsAFreshChallengeAndTheNextIdentifier() {
        Challenge first = challenge(machine(null));
        Challenge second = challenge(machine(null));
        assertFalse(java.util.Arrays.equals(first.value(), second.value()));
        assertEquals((first.identifier() + 1) & 0xff, second.identifier());
    }

    @Test
    void identifiersDoNotRepeatWithin256Challenges() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 256; i++) {
            assertTrue(seen.add(challenges.nextIdentifier()));
        }
    }

    @Test
    void aTargetSecretEqualToTheInitiatorSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Chap(INITIATOR,
                new ChapCredentials("disk", INITIATOR.secret()), challenges));
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        String text = INITIATOR.toString() + new Chap(INITIATOR, TARGET_SIDE, challenges);
        assertFalse(text.contains("alice-secret"), text);
        assertTrue(INITIATOR.toString().contains("alice"));
        assertEquals(INITIATOR, new ChapCredentials("alice", bytes("alice-secret-0001")));
        assertNotEquals(INITIATOR, new ChapCredentials("alice", bytes("alice-secret-0002")));
    }

    @Test
    void aRefusedInitiatorGetsAuthorizationFailureBeforeAnyChap() {
        AccessControl onlyLibiscsi = new AccessControl() {
            @Override
            public boolean admits(String initiatorName, String targetName) {
                return targetName == null || initiatorName.equals(LIBISCSI);
            }

            @Override
            public Authenticator authenticator(String targetName) {
                return Authenticator.NONE;
            }
        };
        LoginStateMachine refused = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, onlyLibiscsi);
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(refused, "InitiatorName=iqn.2026-01.org.other:x",
                "TargetName=" + TARGET, "AuthMethod=None"), LoginStatus.AUTHORIZATION_FAILURE);
        assertEquals(0x0202, LoginStatus.AUTHORIZATION_FAILURE.code());
        LoginStateMachine discovery = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, onlyLibiscsi);
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(discovery, "InitiatorName=iqn.2026-01.org.other:x",
                "SessionType=Discovery", "AuthMethod=None"), true, 0, 1, "AuthMethod=None");
    }

    @Test
    void binaryValuesDecodeBothForms() {
        assertArrayEquals(new byte[] {1, 2, (byte) 0xab}, BinaryValue.decode("0x0102AB", 16));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xab}, BinaryValue.decode("0X102ab", 16));
        assertArrayEquals(new byte[] {1, 2, 3}, BinaryValue.decode("0bAQID", 16));
        assertEquals(null, BinaryValue.decode("0x010203", 2));
    }
}
