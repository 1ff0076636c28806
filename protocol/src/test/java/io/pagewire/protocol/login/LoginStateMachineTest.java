package io.pagewire.protocol.login;

import static io.pagewire.protocol.text.TextFixtures.pairs;
import static io.pagewire.protocol.text.TextFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.OperationalParameters;
import io.pagewire.protocol.text.SessionType;
import io.pagewire.protocol.text.TargetDirectory;
import io.pagewire.protocol.text.TargetInfo;
import io.pagewire.protocol.text.TargetPolicy;
import io.pagewire.protocol.text.TargetPortal;
import io.pagewire.protocol.text.TextExchange;
import io.pagewire.protocol.text.TextStep;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoginStateMachineTest {
    static final String TARGET = "iqn.2024-01.io.pagewire:disk";
    static final String OPEN_ISCSI = "iqn.1994-05.com.redhat:5e3f9d8c7b";
    static final String LIBISCSI = "iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-test";
    static final TargetDirectory DIRECTORY = TargetDirectory.of(List.of(
            new TargetInfo(TARGET, "disk", List.of(new TargetPortal("192.0.2.10", 3260, 1)))));

    /** A Login Request with the header fields these tests vary. */
    record Request(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionMin, long isid,
                   int tsih, int cid) {
        static Request of(boolean transit, int csg, int nsg) {
            return new Request(transit, false, csg, nsg, 0, 0, 0x00023d000001L, 0, 0);
        }

        Request continued() {
            return new Request(false, true, csg, nsg, versionMax, versionMin, isid, tsih, cid);
        }

        Request versions(int max, int min) {
            return new Request(transit, cont, csg, nsg, max, min, isid, tsih, cid);
        }

        Request isid(long value) {
            return new Request(transit, cont, csg, nsg, versionMax, versionMin, value, tsih, cid);
        }

        Request tsih(int value) {
            return new Request(transit, cont, csg, nsg, versionMax, versionMin, isid, value, cid);
        }

        Request cid(int value) {
            return new Request(transit, cont, csg, nsg, versionMax, versionMin, isid, tsih, value);
        }

        LoginStep sendTo(LoginStateMachine machine, byte[] data) {
            LoginRequest request = new LoginRequest(transit, cont, csg, nsg, versionMax, versionMin, isid, tsih,
                    0x1234, cid, 1, 0, Unpooled.wrappedBuffer(data));
            try {
                return machine.onRequest(request);
            } finally {
                request.release();
            }
        }

        LoginStep sendTo(LoginStateMachine machine, String... pairs) {
            return sendTo(machine, text(pairs));
        }
    }

    static final Request SECURITY_TO_OPERATIONAL = Request.of(true, 0, 1);
    static final Request OPERATIONAL_TO_FULL = Request.of(true, 1, 3);

    static LoginStateMachine machine() {
        return new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY);
    }

    static void assertResponse(LoginStep step, boolean transit, int csg, int nsg, String... expectedPairs) {
        assertEquals(LoginStatus.SUCCESS, step.status());
        assertFalse(step.failed());
        assertFalse(step.cont());
        assertEquals(transit, step.transit(), "T bit");
        assertEquals(csg, step.csg(), "CSG");
        assertEquals(nsg, step.nsg(), "NSG");
        assertArrayEquals(text(expectedPairs), step.data(), () -> "data " + pairs(step.data()));
    }

    static void assertFailure(LoginStep step, LoginStatus status) {
        assertEquals(status, step.status());
        assertTrue(step.failed());
        assertFalse(step.complete());
        assertFalse(step.transit());
        assertEquals(0, step.data().length);
    }

    // --- Linux open-iscsi (usr/login.c): security stage with AuthMethod=None, then all operational keys

    static final String[] OPEN_ISCSI_OPERATIONAL = {
        "HeaderDigest=None", "DataDigest=None", "DefaultTime2Wait=2", "DefaultTime2Retain=0", "IFMarker=No",
        "OFMarker=No", "ErrorRecoveryLevel=0", "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=16776192",
        "FirstBurstLength=262144", "MaxOutstandingR2T=1", "MaxConnections=1", "DataPDUInOrder=Yes",
        "DataSequenceInOrder=Yes", "MaxRecvDataSegmentLength=262144"};

    @Test
    void openIscsiNormalSession() {
        LoginStateMachine machine = machine();
        LoginStep security = SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI,
                "InitiatorAlias=client1", "TargetName=" + TARGET, "SessionType=Normal", "AuthMethod=None");
        assertResponse(security, true, 0, 1, "AuthMethod=None", "TargetAlias=disk", "TargetPortalGroupTag=1");
        assertFalse(security.complete());

        LoginStep operational = OPERATIONAL_TO_FULL.sendTo(machine, OPEN_ISCSI_OPERATIONAL);
        assertResponse(operational, true, 1, 3, "HeaderDigest=None", "DataDigest=None", "DefaultTime2Wait=2",
                "DefaultTime2Retain=0", "IFMarker=Reject", "OFMarker=Reject", "ErrorRecoveryLevel=0", "InitialR2T=No",
                "ImmediateData=Yes", "MaxBurstLength=1048576", "FirstBurstLength=65536", "MaxOutstandingR2T=1",
                "MaxConnections=1", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes", "MaxRecvDataSegmentLength=262144");
        assertTrue(operational.complete());
        assertTrue(machine.finished());
        assertEquals(new OperationalParameters(SessionType.NORMAL, OPEN_ISCSI, "client1", TARGET, false, false,
                262144, 262144, 1, false, true, 1048576, 65536, 2, 0, 1, true, true, 0), operational.parameters());
    }

    @Test
    void openIscsiDiscoverySessionThenSendTargets() {
        LoginStateMachine machine = machine();
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "InitiatorAlias=client1",
                "SessionType=Discovery", "AuthMethod=None"), true, 0, 1, "AuthMethod=None");
        LoginStep operational = OPERATIONAL_TO_FULL.sendTo(machine, "HeaderDigest=None", "DataDigest=None",
                "DefaultTime2Wait=2", "DefaultTime2Retain=0", "IFMarker=No", "OFMarker=No", "ErrorRecoveryLevel=0",
                "MaxRecvDataSegmentLength=32768");
        assertResponse(operational, true, 1, 3, "HeaderDigest=None", "DataDigest=None", "DefaultTime2Wait=2",
                "DefaultTime2Retain=0", "IFMarker=Reject", "OFMarker=Reject", "ErrorRecoveryLevel=0",
                "MaxRecvDataSegmentLength=262144");
        OperationalParameters p = operational.parameters();
        assertEquals(SessionType.DISCOVERY, p.sessionType());
        assertNull(p.targetName());
        assertEquals(32768, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, p.maxRecvDataSegmentLength());

        TextExchange text = new TextExchange(DIRECTORY, p);
        var request = new io.pagewire.protocol.pdu.TextRequest(true, true, false, 0, 1, 0xffffffff, 1, 1,
                Unpooled.wrappedBuffer(text("SendTargets=All")));
        try {
            TextStep.Answer answer = (TextStep.Answer) text.onRequest(request);
            assertEquals(List.of("TargetName=" + TARGET, "TargetAddress=192.0.2.10:3260,1"), pairs(answer.data()));
        } finally {
            request.release();
        }
    }

    /** open-iscsi goes straight from security to full feature when discovery keys are at their defaults. */
    @Test
    void securityStageDirectlyToFullFeatureLeavesSegmentLengthsAtTheDefault() {
        LoginStateMachine machine = machine();
        LoginStep step = Request.of(true, 0, 3).sendTo(machine, "InitiatorName=" + OPEN_ISCSI,
                "SessionType=Discovery", "AuthMethod=None");
        assertResponse(step, true, 0, 3, "AuthMethod=None");
        assertTrue(step.complete());
        assertEquals(8192, step.parameters().maxRecvDataSegmentLength());
        assertEquals(8192, step.parameters().initiatorMaxRecvDataSegmentLength());
    }

    // --- libiscsi (lib/login.c): without CHAP everything goes in one operational-stage request

    static final String[] LIBISCSI_OPERATIONAL = {
        "HeaderDigest=None,CRC32C", "DataDigest=None", "InitialR2T=No", "ImmediateData=Yes",
        "MaxBurstLength=262144", "FirstBurstLength=262144", "DefaultTime2Wait=2", "DefaultTime2Retain=0",
        "MaxOutstandingR2T=1", "ErrorRecoveryLevel=0", "IFMarker=No", "OFMarker=No", "MaxConnections=1",
        "MaxRecvDataSegmentLength=262144", "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes"};

    static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    static String[] concat(List<String> head, String[] tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void libiscsiNormalSessionInOneRequest() {
        LoginStateMachine machine = machine();
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine, concat(List.of("InitiatorName=" + LIBISCSI,
                "TargetName=" + TARGET, "SessionType=Normal"), LIBISCSI_OPERATIONAL));
        assertResponse(step, true, 1, 3, "HeaderDigest=None", "DataDigest=None", "InitialR2T=No", "ImmediateData=Yes",
                "MaxBurstLength=262144", "FirstBurstLength=65536", "DefaultTime2Wait=2", "DefaultTime2Retain=0",
                "MaxOutstandingR2T=1", "ErrorRecoveryLevel=0", "IFMarker=Reject", "OFMarker=Reject", "MaxConnections=1",
                "DataPDUInOrder=Yes", "DataSequenceInOrder=Yes", "TargetAlias=disk", "TargetPortalGroupTag=1",
                "MaxRecvDataSegmentLength=262144");
        assertTrue(step.complete());
        assertEquals(new OperationalParameters(SessionType.NORMAL, LIBISCSI, null, TARGET, false, false,
                262144, 262144, 1, false, true, 262144, 65536, 2, 0, 1, true, true, 0), step.parameters());
    }

    @Test
    void libiscsiGetsHeaderDigestsWhenTheTargetAcceptsThem() {
        TargetPolicy crc = TargetPolicy.DEFAULTS.withDigests(List.of("CRC32C", "None"), List.of("None", "CRC32C"));
        LoginStateMachine machine = new LoginStateMachine(crc, DIRECTORY);
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "HeaderDigest=CRC32C,None", "DataDigest=None");
        assertResponse(step, true, 1, 3, "HeaderDigest=CRC32C", "DataDigest=None", "TargetAlias=disk",
                "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144");
        assertTrue(step.parameters().headerDigest());
        assertFalse(step.parameters().dataDigest());
    }

    @Test
    void aTargetRequiringHeaderDigestsTakesCrc32cFromNoneCommaCrc32c() {
        TargetPolicy required = TargetPolicy.DEFAULTS.withDigests(List.of("CRC32C"), List.of("None"));
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(new LoginStateMachine(required, DIRECTORY),
                "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "HeaderDigest=None,CRC32C", "DataDigest=None");
        assertResponse(step, true, 1, 3, "HeaderDigest=CRC32C", "DataDigest=None", "TargetAlias=disk",
                "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144");
        assertTrue(step.parameters().headerDigest());
    }

    @Test
    void aTargetRequiringDigestsRefusesALoginThatEndsWithNone() {
        TargetPolicy required = TargetPolicy.DEFAULTS.withDigests(List.of("CRC32C"), List.of("CRC32C"));
        assertFailure(OPERATIONAL_TO_FULL.sendTo(new LoginStateMachine(required, DIRECTORY),
                "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "HeaderDigest=None", "DataDigest=None"),
                LoginStatus.INITIATOR_ERROR);
        assertFailure(OPERATIONAL_TO_FULL.sendTo(new LoginStateMachine(required, DIRECTORY),
                "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "HeaderDigest=CRC32C"),
                LoginStatus.INITIATOR_ERROR); // DataDigest not offered: its default None applies
    }

    @Test
    void libiscsiDiscoverySessionGetsIrrelevantForNormalSessionKeys() {
        LoginStateMachine machine = machine();
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine, concat(List.of("InitiatorName=" + LIBISCSI,
                "SessionType=Discovery"), LIBISCSI_OPERATIONAL));
        assertResponse(step, true, 1, 3, "HeaderDigest=None", "DataDigest=None", "InitialR2T=Irrelevant",
                "ImmediateData=Irrelevant", "MaxBurstLength=Irrelevant", "FirstBurstLength=Irrelevant",
                "DefaultTime2Wait=2", "DefaultTime2Retain=0", "MaxOutstandingR2T=Irrelevant", "ErrorRecoveryLevel=0",
                "IFMarker=Reject", "OFMarker=Reject", "MaxConnections=Irrelevant", "DataPDUInOrder=Irrelevant",
                "DataSequenceInOrder=Irrelevant", "MaxRecvDataSegmentLength=262144");
        assertEquals(OperationalParameters.DEFAULTS.maxBurstLength(), step.parameters().maxBurstLength());
        assertTrue(step.parameters().initialR2T());
    }

    /** With a CHAP user configured libiscsi offers CHAP,None, then repeats the names in the operational stage. */
    @Test
    void libiscsiOfferingChapToATargetWithoutAuthentication() {
        LoginStateMachine machine = machine();
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "SessionType=Normal", "AuthMethod=CHAP,None"), true, 0, 1, "AuthMethod=None", "TargetAlias=disk",
                "TargetPortalGroupTag=1");
        LoginStep operational = OPERATIONAL_TO_FULL.sendTo(machine, concat(List.of("InitiatorName=" + LIBISCSI,
                "TargetName=" + TARGET, "SessionType=Normal"), LIBISCSI_OPERATIONAL));
        assertTrue(operational.complete());
        assertEquals(List.of("HeaderDigest=None", "DataDigest=None"), pairs(operational.data()).subList(0, 2));
    }

    // --- required keys and names

    @Test
    void missingInitiatorNameIsMissingParameter() {
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine(), "TargetName=" + TARGET, "AuthMethod=None"),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void missingTargetNameInANormalSessionIsMissingParameter() {
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "AuthMethod=None"),
                LoginStatus.MISSING_PARAMETER);
    }

    @Test
    void unknownTargetIsNotFound() {
        LoginStep step = SECURITY_TO_OPERATIONAL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI,
                "TargetName=iqn.2024-01.io.pagewire:nope", "AuthMethod=None");
        assertFailure(step, LoginStatus.NOT_FOUND);
        assertEquals(0x02, step.status().statusClass());
        assertEquals(0x03, step.status().statusDetail());
    }

    @Test
    void discoveryNeedsNoTargetName() {
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "SessionType=Discovery");
        assertResponse(step, true, 1, 3, "MaxRecvDataSegmentLength=262144");
        assertTrue(step.complete());
    }

    @Test
    void discoveryWithATargetNameGetsThePortalGroupTagButNoLookup() {
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "SessionType=Discovery",
                "TargetName=iqn.2024-01.io.pagewire:unknown");
        assertResponse(step, true, 1, 3, "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144");
        assertNull(step.parameters().targetName());
    }

    @Test
    void unknownSessionTypeIsNotSupported() {
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "SessionType=Boot"),
                LoginStatus.SESSION_TYPE_NOT_SUPPORTED);
    }

    @Test
    void discoveryCanBeTurnedOff() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS.withDiscoveryAllowed(false), DIRECTORY);
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "SessionType=Discovery"),
                LoginStatus.SESSION_TYPE_NOT_SUPPORTED);
    }

    @Test
    void namesMayNotChangeDuringLogin() {
        LoginStateMachine machine = machine();
        SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET, "AuthMethod=None");
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "TargetName=iqn.2024-01.io.pagewire:other"),
                LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void sessionTypeDeclaredLateMustMatchTheDefault() {
        LoginStateMachine machine = machine();
        SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET, "AuthMethod=None");
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "SessionType=Discovery"), LoginStatus.INITIATOR_ERROR);
    }

    // --- version and header

    @Test
    void versionRangeWithoutZeroIsUnsupported() {
        assertFailure(OPERATIONAL_TO_FULL.versions(2, 1).sendTo(machine(), "InitiatorName=" + OPEN_ISCSI,
                "TargetName=" + TARGET), LoginStatus.UNSUPPORTED_VERSION);
    }

    @Test
    void versionRangeIncludingZeroIsFine() {
        assertTrue(OPERATIONAL_TO_FULL.versions(5, 0).sendTo(machine(), "InitiatorName=" + OPEN_ISCSI,
                "TargetName=" + TARGET).complete());
    }

    @Test
    void reservedIsidTypeIsAnInitiatorError() {
        assertFailure(OPERATIONAL_TO_FULL.isid(0xc00000000001L).sendTo(machine(), "InitiatorName=" + OPEN_ISCSI,
                "TargetName=" + TARGET), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void isidTsihOrCidChangingDuringLoginIsAnInitiatorError() {
        for (Request changed : List.of(OPERATIONAL_TO_FULL.isid(0x00023d000002L), OPERATIONAL_TO_FULL.tsih(5),
                OPERATIONAL_TO_FULL.cid(1), OPERATIONAL_TO_FULL.versions(1, 0))) {
            LoginStateMachine machine = machine();
            SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                    "AuthMethod=None");
            assertFailure(changed.sendTo(machine, OPEN_ISCSI_OPERATIONAL), LoginStatus.INITIATOR_ERROR);
        }
    }

    // --- stage transitions

    @Test
    void invalidTransitionsAreInitiatorErrors() {
        String[] names = {"InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET};
        assertFailure(Request.of(true, 1, 1).sendTo(machine(), names), LoginStatus.INITIATOR_ERROR);
        assertFailure(Request.of(true, 1, 0).sendTo(machine(), names), LoginStatus.INITIATOR_ERROR);
        assertFailure(Request.of(true, 0, 2).sendTo(machine(), names), LoginStatus.INITIATOR_ERROR);
        assertFailure(Request.of(false, 3, 0).sendTo(machine(), names), LoginStatus.INITIATOR_ERROR);
        assertFailure(Request.of(false, 2, 0).sendTo(machine(), names), LoginStatus.INITIATOR_ERROR);
        assertFailure(new Request(true, true, 0, 1, 0, 0, 0x00023d000001L, 0, 0).sendTo(machine(), names),
                LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void requestMustBeInTheStageTheTargetIsIn() {
        LoginStateMachine machine = machine();
        SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET, "AuthMethod=None");
        assertFailure(Request.of(true, 0, 1).sendTo(machine), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void withoutTransitTheTargetStaysAndTransitsLaterOnAnEmptyRequest() {
        LoginStateMachine machine = machine();
        LoginStep first = Request.of(false, 1, 0).sendTo(machine, "InitiatorName=" + OPEN_ISCSI,
                "TargetName=" + TARGET, "MaxBurstLength=65536");
        assertResponse(first, false, 1, 0, "MaxBurstLength=65536", "TargetAlias=disk", "TargetPortalGroupTag=1",
                "MaxRecvDataSegmentLength=262144");
        LoginStep second = Request.of(false, 1, 0).sendTo(machine, "FirstBurstLength=8192");
        assertResponse(second, false, 1, 0, "FirstBurstLength=8192");
        LoginStep last = OPERATIONAL_TO_FULL.sendTo(machine, new byte[0]);
        assertResponse(last, true, 1, 3);
        assertEquals(65536, last.parameters().maxBurstLength());
        assertEquals(8192, last.parameters().firstBurstLength());
    }

    @Test
    void noRequestIsTakenAfterTheLoginEnded() {
        LoginStateMachine machine = machine();
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET).complete());
        assertThrows(IllegalStateException.class, () -> OPERATIONAL_TO_FULL.sendTo(machine, new byte[0]));
        LoginStateMachine failed = machine();
        assertFailure(OPERATIONAL_TO_FULL.sendTo(failed, "TargetName=" + TARGET), LoginStatus.MISSING_PARAMETER);
        assertThrows(IllegalStateException.class, () -> OPERATIONAL_TO_FULL.sendTo(failed, new byte[0]));
    }

    // --- negotiation errors

    @Test
    void duplicateKeyInOneRequestFailsTheLogin() {
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                "MaxBurstLength=65536", "MaxBurstLength=65536"), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void renegotiatingAKeyFailsTheLogin() {
        LoginStateMachine machine = machine();
        Request.of(false, 1, 0).sendTo(machine, "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                "MaxBurstLength=65536");
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "MaxBurstLength=131072"), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void operationalKeyInTheSecurityStageFailsTheLogin() {
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                "AuthMethod=None", "MaxBurstLength=65536"), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void malformedTextFailsTheLogin() {
        byte[] noEquals = ("InitiatorName=" + OPEN_ISCSI + "\0TargetName\0").getBytes(StandardCharsets.US_ASCII);
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine(), noEquals), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void rejectedAndUnknownKeysDoNotFailTheLogin() {
        LoginStep step = OPERATIONAL_TO_FULL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                "MaxBurstLength=100", "X-com.example.Turbo=Yes", "RDMAExtensions=Yes");
        assertResponse(step, true, 1, 3, "MaxBurstLength=Reject", "X-com.example.Turbo=NotUnderstood",
                "RDMAExtensions=NotUnderstood", "TargetAlias=disk", "TargetPortalGroupTag=1",
                "MaxRecvDataSegmentLength=262144");
        assertEquals(262144, step.parameters().maxBurstLength());
    }

    @Test
    void addedConnectionAnswersLeadingOnlyKeysIrrelevant() {
        LoginStep step = OPERATIONAL_TO_FULL.tsih(7).sendTo(machine(), "InitiatorName=" + OPEN_ISCSI,
                "TargetName=" + TARGET, "MaxConnections=1", "HeaderDigest=None");
        assertResponse(step, true, 1, 3, "MaxConnections=Irrelevant", "HeaderDigest=None", "TargetAlias=disk",
                "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144");
    }

    // --- authentication

    @Test
    void noAcceptableAuthMethodIsAnAuthenticationFailure() {
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET,
                "AuthMethod=CHAP"), LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void securityStageWithoutAuthMethodMeansNone() {
        LoginStep step = SECURITY_TO_OPERATIONAL.sendTo(machine(), "InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET);
        assertResponse(step, true, 0, 1, "TargetAlias=disk", "TargetPortalGroupTag=1");
    }

    /** A two-round method standing in for CHAP: the target sends a challenge, the initiator answers "ok". */
    static final class ChallengeAuthenticator implements Authenticator {
        @Override
        public List<String> methods() {
            return List.of("CHAP");
        }

        @Override
        public Set<String> keys() {
            return Set.of("CHAP_A", "CHAP_N", "CHAP_R");
        }

        @Override
        public Authentication begin(String method, String initiatorName, String targetName) {
            return new Authentication() {
                private State state = State.IN_PROGRESS;

                @Override
                public State state() {
                    return state;
                }

                @Override
                public List<KeyValue> onKeys(List<KeyValue> keys) {
                    for (KeyValue key : keys) {
                        if (key.key().equals("CHAP_A")) {
                            return List.of(new KeyValue("CHAP_A", "5"), new KeyValue("CHAP_I", "1"),
                                    new KeyValue("CHAP_C", "0x0102"));
                        }
                        if (key.key().equals("CHAP_R")) {
                            state = key.value().equals("ok") ? State.SUCCEEDED : State.FAILED;
                        }
                    }
                    return List.of();
                }
            };
        }
    }

    @Test
    void authenticatorHookRunsAMultiStepMethod() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        Request stay = Request.of(false, 0, 0);
        assertResponse(stay.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "AuthMethod=CHAP,None"), false, 0, 0, "AuthMethod=CHAP", "TargetAlias=disk", "TargetPortalGroupTag=1");
        assertResponse(stay.sendTo(machine, "CHAP_A=5"), false, 0, 0, "CHAP_A=5", "CHAP_I=1", "CHAP_C=0x0102");
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=user", "CHAP_R=ok"), true, 0, 1);
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, LIBISCSI_OPERATIONAL).complete());
    }

    @Test
    void transitWhileTheMethodIsUnfinishedIsRefusedNotFailed() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        assertResponse(SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "AuthMethod=CHAP"), false, 0, 0, "AuthMethod=CHAP", "TargetAlias=disk", "TargetPortalGroupTag=1");
    }

    @Test
    void wrongResponseIsAnAuthenticationFailure() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        Request.of(false, 0, 0).sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET, "AuthMethod=CHAP");
        Request.of(false, 0, 0).sendTo(machine, "CHAP_A=5");
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "CHAP_N=user", "CHAP_R=bad"),
                LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void skippingTheSecurityStageWhenAuthenticationIsRequiredFails() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET),
                LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void leavingTheSecurityStageWithoutAMethodWhenAuthenticationIsRequiredFails() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        assertFailure(SECURITY_TO_OPERATIONAL.sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET),
                LoginStatus.AUTHENTICATION_FAILURE);
    }

    @Test
    void methodKeysBeforeAuthMethodAreAnInitiatorError() {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY, new ChallengeAuthenticator());
        assertFailure(Request.of(false, 0, 0).sendTo(machine, "InitiatorName=" + LIBISCSI, "TargetName=" + TARGET,
                "CHAP_A=5"), LoginStatus.INITIATOR_ERROR);
    }

    // --- C bit, initiator to target

    @Test
    void firstRequestSplitAcrossPdusIsAcknowledgedThenAnswered() {
        LoginStateMachine machine = machine();
        byte[] whole = text(concat(List.of("InitiatorName=" + OPEN_ISCSI, "InitiatorAlias=client1",
                "TargetName=" + TARGET, "SessionType=Normal"), OPEN_ISCSI_OPERATIONAL));
        Request cont = OPERATIONAL_TO_FULL.continued();
        LoginStep ack1 = cont.sendTo(machine, Arrays.copyOfRange(whole, 0, 20)); // ends inside InitiatorName's value
        assertResponse(ack1, false, 1, 0);
        LoginStep ack2 = cont.sendTo(machine, Arrays.copyOfRange(whole, 20, 200));
        assertResponse(ack2, false, 1, 0);
        LoginStep last = OPERATIONAL_TO_FULL.sendTo(machine, Arrays.copyOfRange(whole, 200, whole.length));
        assertTrue(last.complete());
        List<String> answer = pairs(last.data());
        assertEquals(List.of("TargetAlias=disk", "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144"),
                answer.subList(answer.size() - 3, answer.size()));
        assertEquals("client1", last.parameters().initiatorAlias());
    }

    @Test
    void continuedTextOverTheBoundFailsTheLogin() {
        LoginStateMachine machine = machine();
        Request cont = OPERATIONAL_TO_FULL.continued();
        byte[] chunk = new byte[8192];
        LoginStep step = null;
        for (int i = 0; i < 9; i++) {
            step = cont.sendTo(machine, chunk);
        }
        assertFailure(step, LoginStatus.INITIATOR_ERROR);
    }

    // --- C bit, target to initiator

    @Test
    void responseLongerThan8192BytesIsSentInPiecesFetchedByEmptyRequests() {
        List<String> offers = new ArrayList<>(List.of("InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = String.format("X-com.example.key%03d", i);
            offers.add(key + "=1");
            expected.add(key + "=NotUnderstood");
        }
        expected.addAll(List.of("TargetAlias=disk", "TargetPortalGroupTag=1", "MaxRecvDataSegmentLength=262144"));
        byte[] expectedText = text(expected);
        assertTrue(expectedText.length > 8192 && expectedText.length <= 2 * 8192, "length " + expectedText.length);
        LoginStateMachine machine = machine();

        LoginStep first = OPERATIONAL_TO_FULL.sendTo(machine, offers.toArray(String[]::new));
        assertEquals(LoginStatus.SUCCESS, first.status());
        assertTrue(first.cont());
        assertFalse(first.transit());
        assertFalse(first.complete());
        assertEquals(1, first.csg());
        assertEquals(8192, first.data().length);

        LoginStep second = OPERATIONAL_TO_FULL.sendTo(machine, new byte[0]);
        assertFalse(second.cont());
        assertTrue(second.transit());
        assertEquals(3, second.nsg());
        assertTrue(second.complete());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(first.data());
        joined.writeBytes(second.data());
        assertArrayEquals(expectedText, joined.toByteArray());
    }

    @Test
    void fetchWithDataWhilePiecesArePendingIsAnInitiatorError() {
        List<String> offers = new ArrayList<>(List.of("InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET));
        for (int i = 0; i < 300; i++) {
            offers.add(String.format("X-com.example.key%03d=1", i));
        }
        LoginStateMachine machine = machine();
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, offers.toArray(String[]::new)).cont());
        assertFailure(OPERATIONAL_TO_FULL.sendTo(machine, "MaxBurstLength=65536"), LoginStatus.INITIATOR_ERROR);
    }

    @Test
    void fetchWithoutTransitDelaysTheTransit() {
        List<String> offers = new ArrayList<>(List.of("InitiatorName=" + OPEN_ISCSI, "TargetName=" + TARGET));
        for (int i = 0; i < 300; i++) {
            offers.add(String.format("X-com.example.key%03d=1", i));
        }
        LoginStateMachine machine = machine();
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, offers.toArray(String[]::new)).cont());
        LoginStep last = Request.of(false, 1, 0).sendTo(machine, new byte[0]);
        assertFalse(last.cont());
        assertFalse(last.transit());
        assertTrue(OPERATIONAL_TO_FULL.sendTo(machine, new byte[0]).complete());
    }
}
