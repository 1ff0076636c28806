package io.pagewire.protocol.text;

import static io.pagewire.protocol.text.TextFixtures.keyValues;
import static io.pagewire.protocol.text.TextFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NegotiatorTest {
    private static final NegotiationContext OPERATIONAL = NegotiationContext.login(NegotiationPhase.OPERATIONAL, true);
    private static final NegotiationContext SECURITY = NegotiationContext.login(NegotiationPhase.SECURITY, true);

    private static Negotiator negotiator(TargetPolicy policy) {
        Map<NegotiationKey, String> own = policy.ownValues();
        own.put(NegotiationKey.AUTH_METHOD, "None");
        return new Negotiator(own);
    }

    private static List<String> respond(Negotiator negotiator, NegotiationContext context, String... offers)
            throws NegotiationException {
        return strings(negotiator.respond(keyValues(offers), context));
    }

    private static List<String> respond(String... offers) throws NegotiationException {
        return respond(negotiator(TargetPolicy.DEFAULTS), OPERATIONAL, offers);
    }

    // --- NUMERIC_MIN / NUMERIC_MAX

    @Test
    void minimumTakesTheSmallerOfOfferAndLimit() throws Exception {
        assertEquals(List.of("MaxBurstLength=1048576"), respond("MaxBurstLength=16776192"));
        assertEquals(List.of("MaxBurstLength=4096"), respond("MaxBurstLength=4096"));
        assertEquals(List.of("MaxConnections=1"), respond("MaxConnections=8"));
        assertEquals(List.of("ErrorRecoveryLevel=0"), respond("ErrorRecoveryLevel=2"));
        assertEquals(List.of("DefaultTime2Retain=0"), respond("DefaultTime2Retain=0"));
        assertEquals(List.of("MaxOutstandingR2T=1"), respond("MaxOutstandingR2T=16"));
    }

    @Test
    void maximumTakesTheLargerOfOfferAndOwnValue() throws Exception {
        assertEquals(List.of("DefaultTime2Wait=2"), respond("DefaultTime2Wait=0"));
        assertEquals(List.of("DefaultTime2Wait=3600"), respond("DefaultTime2Wait=3600"));
    }

    @Test
    void numbersMayBeHex() throws Exception {
        assertEquals(List.of("MaxBurstLength=65536"), respond("MaxBurstLength=0x10000"));
    }

    @Test
    void outOfRangeOrMalformedNumbersAreRejectedAndKeepTheDefault() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        assertEquals(List.of("MaxBurstLength=Reject", "ErrorRecoveryLevel=Reject", "MaxConnections=Reject",
                        "DefaultTime2Wait=Reject", "MaxOutstandingR2T=Reject", "DefaultTime2Retain=Reject"),
                respond(negotiator, OPERATIONAL, "MaxBurstLength=511", "ErrorRecoveryLevel=3", "MaxConnections=0",
                        "DefaultTime2Wait=two", "MaxOutstandingR2T=-1", "DefaultTime2Retain=99999999999999999999"));
        assertEquals("262144", negotiator.effective(NegotiationKey.MAX_BURST_LENGTH));
        assertEquals(Optional.empty(), negotiator.agreed(NegotiationKey.MAX_BURST_LENGTH));
    }

    @Test
    void firstBurstLengthNeverExceedsTheNegotiatedMaxBurstLength() throws Exception {
        // Offered in the "wrong" order: FirstBurstLength is still answered after MaxBurstLength.
        assertEquals(List.of("FirstBurstLength=16384", "MaxBurstLength=16384"),
                respond("FirstBurstLength=65536", "MaxBurstLength=16384"));
    }

    @Test
    void firstBurstLengthIsCappedByTheTargetLimit() throws Exception {
        assertEquals(List.of("MaxBurstLength=1048576", "FirstBurstLength=65536"),
                respond("MaxBurstLength=16776192", "FirstBurstLength=262144"));
    }

    // --- BOOLEAN_AND / BOOLEAN_OR

    @Test
    void andIsYesOnlyWhenBothSayYes() throws Exception {
        assertEquals(List.of("ImmediateData=Yes"), respond("ImmediateData=Yes"));
        assertEquals(List.of("ImmediateData=No"), respond("ImmediateData=No"));
        TargetPolicy noImmediate = TargetPolicy.DEFAULTS.withUnsolicitedData(false, false);
        assertEquals(List.of("ImmediateData=No"), respond(negotiator(noImmediate), OPERATIONAL, "ImmediateData=Yes"));
    }

    @Test
    void orIsYesWhenEitherSaysYes() throws Exception {
        assertEquals(List.of("InitialR2T=No"), respond("InitialR2T=No"));
        assertEquals(List.of("InitialR2T=Yes"), respond("InitialR2T=Yes"));
        TargetPolicy r2tRequired = TargetPolicy.DEFAULTS.withUnsolicitedData(true, true);
        assertEquals(List.of("InitialR2T=Yes"), respond(negotiator(r2tRequired), OPERATIONAL, "InitialR2T=No"));
        assertEquals(List.of("DataPDUInOrder=Yes", "DataSequenceInOrder=Yes"),
                respond("DataPDUInOrder=No", "DataSequenceInOrder=No"));
    }

    @Test
    void booleanOtherThanYesOrNoIsRejected() throws Exception {
        assertEquals(List.of("InitialR2T=Reject", "ImmediateData=Reject"), respond("InitialR2T=yes", "ImmediateData="));
    }

    // --- LIST

    @Test
    void listPicksTheFirstOfferedValueTheTargetSupports() throws Exception {
        assertEquals(List.of("HeaderDigest=None", "DataDigest=None"),
                respond("HeaderDigest=CRC32C,None", "DataDigest=None,CRC32C"));
        Negotiator crc = negotiator(TargetPolicy.DEFAULTS.withDigests(List.of("None", "CRC32C"), List.of("CRC32C", "None")));
        assertEquals(List.of("HeaderDigest=CRC32C", "DataDigest=None"),
                respond(crc, OPERATIONAL, "HeaderDigest=CRC32C,None", "DataDigest=None,CRC32C"));
        assertEquals("CRC32C", crc.effective(NegotiationKey.HEADER_DIGEST));
    }

    @Test
    void listWithNoSupportedValueIsRejected() throws Exception {
        assertEquals(List.of("HeaderDigest=Reject", "TaskReporting=RFC3720"),
                respond("HeaderDigest=CRC32C,MD5", "TaskReporting=FastAbort,RFC3720"));
    }

    @Test
    void listWithAnEmptyElementIsRejected() throws Exception {
        assertEquals(List.of("DataDigest=Reject"), respond("DataDigest=None,"));
    }

    // --- DECLARATIVE

    @Test
    void declarationsAreRecordedNotAnswered() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        assertEquals(List.of(), respond(negotiator, OPERATIONAL, "MaxRecvDataSegmentLength=262144",
                "InitiatorAlias=host1", "X#NodeArchitecture=Linux,open-iscsi"));
        assertEquals("262144", negotiator.effective(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH));
        assertEquals("host1", negotiator.effective(NegotiationKey.INITIATOR_ALIAS));
    }

    @Test
    void invalidDeclarationIsRejectedAndKeepsTheDefault() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        assertEquals(List.of("MaxRecvDataSegmentLength=Reject", "InitiatorAlias=Reject"),
                respond(negotiator, OPERATIONAL, "MaxRecvDataSegmentLength=511", "InitiatorAlias=" + "a".repeat(256)));
        assertEquals("8192", negotiator.effective(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH));
        assertNull(negotiator.effective(NegotiationKey.INITIATOR_ALIAS));
    }

    @Test
    void aliasOf255BytesIsAccepted() throws Exception {
        assertEquals(List.of(), respond("InitiatorAlias=" + "a".repeat(255)));
    }

    // --- NotUnderstood, obsolete keys, answers to offers never made

    @Test
    void unknownAndPrivateExtensionKeysAreNotUnderstood() throws Exception {
        assertEquals(List.of("X-com.example.Frobnicate=NotUnderstood", "Unheard=NotUnderstood",
                        "X#SomethingNew=NotUnderstood", "maxburstlength=NotUnderstood"),
                respond("X-com.example.Frobnicate=Yes", "Unheard=1", "X#SomethingNew=1", "maxburstlength=512"));
    }

    @Test
    void obsoleteMarkerKeysAreRejectedNeverNotUnderstood() throws Exception {
        assertEquals(List.of("IFMarker=Reject", "OFMarker=Reject", "IFMarkInt=Reject", "OFMarkInt=Reject"),
                respond("IFMarker=No", "OFMarker=Yes", "IFMarkInt=2048~65535", "OFMarkInt=2048~65535"));
    }

    @Test
    void answerConstantsFromTheInitiatorAreNotAnswered() throws Exception {
        assertEquals(List.of(), respond("InitialR2T=Irrelevant", "MaxBurstLength=Reject", "ImmediateData=NotUnderstood"));
    }

    // --- Irrelevant

    @Test
    void firstBurstLengthIsIrrelevantWithoutUnsolicitedData() throws Exception {
        // Offered first, answered in offer order, but decided after InitialR2T and ImmediateData.
        assertEquals(List.of("FirstBurstLength=Irrelevant", "InitialR2T=Yes", "ImmediateData=No"),
                respond("FirstBurstLength=65536", "InitialR2T=Yes", "ImmediateData=No"));
    }

    @Test
    void normalSessionKeysAreIrrelevantInDiscovery() throws Exception {
        assertEquals(List.of("InitialR2T=Irrelevant", "ImmediateData=Irrelevant", "MaxBurstLength=Irrelevant",
                        "FirstBurstLength=Irrelevant", "MaxOutstandingR2T=Irrelevant", "MaxConnections=Irrelevant",
                        "DataPDUInOrder=Irrelevant", "DataSequenceInOrder=Irrelevant", "ErrorRecoveryLevel=0",
                        "DefaultTime2Wait=2", "HeaderDigest=None"),
                respond("SessionType=Discovery", "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=262144",
                        "FirstBurstLength=262144", "MaxOutstandingR2T=1", "MaxConnections=1", "DataPDUInOrder=Yes",
                        "DataSequenceInOrder=Yes", "ErrorRecoveryLevel=0", "DefaultTime2Wait=2", "HeaderDigest=None"));
    }

    @Test
    void leadingOnlyKeysAreIrrelevantOnAnAddedConnection() throws Exception {
        NegotiationContext added = NegotiationContext.login(NegotiationPhase.OPERATIONAL, false);
        assertEquals(List.of("MaxBurstLength=Irrelevant", "HeaderDigest=None"),
                respond(negotiator(TargetPolicy.DEFAULTS), added, "MaxBurstLength=262144", "HeaderDigest=None"));
    }

    // --- Newer keys

    @Test
    void protocolLevelIsAtMostOne() throws Exception {
        assertEquals(List.of("iSCSIProtocolLevel=1"), respond("iSCSIProtocolLevel=2"));
        assertEquals(List.of("iSCSIProtocolLevel=0"), respond("iSCSIProtocolLevel=0"));
    }

    // --- duplicates and placement

    @Test
    void keyTwiceInOneRequestFailsTheNegotiation() {
        NegotiationException e = assertThrows(NegotiationException.class,
                () -> respond("MaxBurstLength=65536", "MaxBurstLength=65536"));
        assertEquals("key MaxBurstLength offered twice in one request", e.getMessage());
    }

    @Test
    void unknownKeyTwiceInOneRequestFailsTheNegotiation() {
        assertThrows(NegotiationException.class, () -> respond("X-a=1", "X-a=1"));
    }

    @Test
    void renegotiationInALaterRequestFails() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        respond(negotiator, OPERATIONAL, "MaxBurstLength=65536");
        assertThrows(NegotiationException.class, () -> respond(negotiator, OPERATIONAL, "MaxBurstLength=65536"));
    }

    @Test
    void sameDeclarationRepeatedInALaterRequestIsIgnored() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        respond(negotiator, SECURITY, "InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-test");
        assertEquals(List.of(), respond(negotiator, OPERATIONAL,
                "InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi:iscsi-test"));
        assertThrows(NegotiationException.class,
                () -> respond(negotiator, OPERATIONAL, "InitiatorName=iqn.2007-10.com.example:other"));
    }

    @Test
    void failedRequestRecordsNothing() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        assertThrows(NegotiationException.class,
                () -> respond(negotiator, OPERATIONAL, "MaxBurstLength=65536", "X-a=1", "X-a=2"));
        assertFalse(negotiator.offered(NegotiationKey.MAX_BURST_LENGTH));
        assertEquals(List.of("MaxBurstLength=65536"), respond(negotiator, OPERATIONAL, "MaxBurstLength=65536"));
        assertTrue(negotiator.offered(NegotiationKey.MAX_BURST_LENGTH));
    }

    @Test
    void operationalKeyInTheSecurityStageFails() {
        assertThrows(NegotiationException.class,
                () -> respond(negotiator(TargetPolicy.DEFAULTS), SECURITY, "HeaderDigest=None"));
    }

    @Test
    void securityKeyInTheOperationalStageFails() {
        assertThrows(NegotiationException.class, () -> respond("AuthMethod=None"));
    }

    @Test
    void targetOnlyKeyFromTheInitiatorFails() {
        assertThrows(NegotiationException.class, () -> respond("TargetPortalGroupTag=1"));
        assertThrows(NegotiationException.class, () -> respond("TargetAlias=t"));
    }

    @Test
    void fullFeatureOnlyKeyDuringLoginFails() {
        assertThrows(NegotiationException.class, () -> respond("SendTargets=All"));
    }

    @Test
    void anyStageKeysAreFineInTheSecurityStage() throws Exception {
        assertEquals(List.of("AuthMethod=None"), respond(negotiator(TargetPolicy.DEFAULTS), SECURITY,
                "InitiatorName=iqn.a", "InitiatorAlias=a", "TargetName=iqn.t", "SessionType=Normal", "AuthMethod=CHAP,None"));
    }

    // --- full feature phase

    @Test
    void fullFeaturePhaseAnswersQueriesAndRejectsRenegotiation() throws Exception {
        Negotiator negotiator = new Negotiator(Map.of());
        NegotiationContext ffp = NegotiationContext.fullFeature(q -> List.of(new KeyValue("TargetName", "iqn.t:" + q.value())));
        assertEquals(List.of("TargetName=iqn.t:All", "MaxBurstLength=Reject", "MaxRecvDataSegmentLength=Reject",
                        "X-foo=NotUnderstood"),
                respond(negotiator, ffp, "SendTargets=All", "MaxBurstLength=1024", "MaxRecvDataSegmentLength=65536",
                        "InitiatorAlias=renamed", "X-foo=bar"));
        assertEquals("renamed", negotiator.effective(NegotiationKey.INITIATOR_ALIAS));
    }

    // --- outcome

    @Test
    void parametersHoldAgreedValuesAndDefaults() throws Exception {
        Negotiator negotiator = negotiator(TargetPolicy.DEFAULTS);
        respond(negotiator, OPERATIONAL, "InitiatorName=iqn.i", "TargetName=iqn.t", "InitialR2T=No",
                "MaxBurstLength=16384", "MaxRecvDataSegmentLength=65536", "HeaderDigest=None");
        OperationalParameters p = negotiator.parameters(262144);
        assertEquals(new OperationalParameters(SessionType.NORMAL, "iqn.i", null, "iqn.t", false, false, 262144, 65536,
                1, false, true, 16384, 16384, 2, 20, 1, true, true, 0), p);
    }

    @Test
    void defaultsWhenNothingWasOffered() {
        OperationalParameters p = negotiator(TargetPolicy.DEFAULTS).parameters(8192);
        assertEquals(OperationalParameters.DEFAULTS, p);
    }
}
