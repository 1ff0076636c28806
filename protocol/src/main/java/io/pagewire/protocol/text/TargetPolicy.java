package io.pagewire.protocol.text;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this target offers and accepts in operational negotiation (RFC 7143 §13).
 *
 * <p>The target answers the initiator's offers and never offers a negotiated key itself, so a key the
 * initiator leaves out keeps its RFC default. The policy is therefore validated to accept every
 * default: limits may not be below the defaults (MaxBurstLength 262144, FirstBurstLength 65536). The
 * digests are the exception: a list without "None" requires CRC32C, and a login that ends with None
 * (the initiator did not offer CRC32C, or did not offer the key) fails, see {@link #requiresHeaderDigest}. A preference such as {@code immediateData=false} only shapes the
 * answer to an offer; an initiator that does not offer ImmediateData gets the default Yes.
 *
 * @param maxRecvDataSegmentLength the MaxRecvDataSegmentLength the target declares: the largest data
 *                                 segment it accepts once in full feature phase (512..2^24-1)
 * @param maxBurstLength           upper limit for MaxBurstLength (Minimum function)
 * @param firstBurstLength         upper limit for FirstBurstLength (Minimum function), ≤ maxBurstLength
 * @param immediateData            the target's ImmediateData value (AND function)
 * @param initialR2T               the target's InitialR2T value (OR function: the result is Yes when
 *                                 either side says Yes); false means the target takes unsolicited data
 * @param maxOutstandingR2T        upper limit for MaxOutstandingR2T, what the transfer logic supports
 * @param errorRecoveryLevel       upper limit for ErrorRecoveryLevel
 * @param maxConnections           upper limit for MaxConnections
 * @param headerDigests            accepted HeaderDigest values ("None", "CRC32C"); without "None" CRC32C is required
 * @param dataDigests              accepted DataDigest values; without "None" CRC32C is required
 * @param defaultTime2Wait         the target's DefaultTime2Wait (Maximum function)
 * @param defaultTime2Retain       the target's DefaultTime2Retain (Minimum function)
 * @param targetPortalGroupTag     the tag of the portal group serving logins (0..65535)
 * @param discoveryAllowed         whether SessionType=Discovery is accepted (else status 0x0209)
 * @param maxTextBytes             bound on the text of one C-bit sequence, in bytes (≥ 8192)
 */
public record TargetPolicy(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                           boolean immediateData, boolean initialR2T, int maxOutstandingR2T,
                           int errorRecoveryLevel, int maxConnections, List<String> headerDigests,
                           List<String> dataDigests, int defaultTime2Wait, int defaultTime2Retain,
                           int targetPortalGroupTag, boolean discoveryAllowed, int maxTextBytes) {

    /** The digests RFC 7143 §13.1 defines. */
    public static final Set<String> DIGESTS = Set.of("None", "CRC32C");

    /**
     * Defaults: declares 256 KiB segments, bursts up to 1 MiB, first burst 64 KiB, immediate data and
     * unsolicited data accepted, one outstanding R2T, ERL 0, one connection, no digests, RFC timers,
     * portal group 1, discovery allowed, 64 KiB of text per C-bit sequence.
     */
    public static final TargetPolicy DEFAULTS = new TargetPolicy(262144, 1048576, 65536, true, false, 1, 0, 1,
            List.of("None"), List.of("None"), 2, 20, 1, true, 65536);

    public TargetPolicy {
        headerDigests = List.copyOf(headerDigests);
        dataDigests = List.copyOf(dataDigests);
        check(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH, maxRecvDataSegmentLength);
        check(NegotiationKey.MAX_BURST_LENGTH, maxBurstLength);
        check(NegotiationKey.FIRST_BURST_LENGTH, firstBurstLength);
        check(NegotiationKey.MAX_OUTSTANDING_R2T, maxOutstandingR2T);
        check(NegotiationKey.ERROR_RECOVERY_LEVEL, errorRecoveryLevel);
        check(NegotiationKey.MAX_CONNECTIONS, maxConnections);
        check(NegotiationKey.DEFAULT_TIME2WAIT, defaultTime2Wait);
        check(NegotiationKey.DEFAULT_TIME2RETAIN, defaultTime2Retain);
        check(NegotiationKey.TARGET_PORTAL_GROUP_TAG, targetPortalGroupTag);
        atLeastDefault(NegotiationKey.MAX_BURST_LENGTH, maxBurstLength);
        atLeastDefault(NegotiationKey.FIRST_BURST_LENGTH, firstBurstLength);
        if (firstBurstLength > maxBurstLength) {
            throw new IllegalArgumentException("firstBurstLength " + firstBurstLength + " > maxBurstLength "
                    + maxBurstLength + " (RFC 7143 §13.14)");
        }
        digests("headerDigests", headerDigests);
        digests("dataDigests", dataDigests);
        if (maxTextBytes < 8192) {
            throw new IllegalArgumentException("maxTextBytes " + maxTextBytes + " < 8192 (RFC 7143 §6.1)");
        }
    }

    /** True when a session without a CRC32C header digest is refused (the list lacks None). */
    public boolean requiresHeaderDigest() {
        return !headerDigests.contains("None");
    }

    /** True when a session without a CRC32C data digest is refused (the list lacks None). */
    public boolean requiresDataDigest() {
        return !dataDigests.contains("None");
    }

    public TargetPolicy withMaxRecvDataSegmentLength(int value) {
        return new TargetPolicy(value, maxBurstLength, firstBurstLength, immediateData, initialR2T,
                maxOutstandingR2T, errorRecoveryLevel, maxConnections, headerDigests, dataDigests,
                defaultTime2Wait, defaultTime2Retain, targetPortalGroupTag, discoveryAllowed, maxTextBytes);
    }

    public TargetPolicy withDigests(List<String> header, List<String> data) {
        return new TargetPolicy(maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, immediateData,
                initialR2T, maxOutstandingR2T, errorRecoveryLevel, maxConnections, header, data,
                defaultTime2Wait, defaultTime2Retain, targetPortalGroupTag, discoveryAllowed, maxTextBytes);
    }

    public TargetPolicy withUnsolicitedData(boolean immediate, boolean initialR2tRequired) {
        return new TargetPolicy(maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, immediate,
                initialR2tRequired, maxOutstandingR2T, errorRecoveryLevel, maxConnections, headerDigests,
                dataDigests, defaultTime2Wait, defaultTime2Retain, targetPortalGroupTag, discoveryAllowed,
                maxTextBytes);
    }

    public TargetPolicy withDiscoveryAllowed(boolean allowed) {
        return new TargetPolicy(maxRecvDataSegmentLength, maxBurstLength, firstBurstLength, immediateData,
                initialR2T, maxOutstandingR2T, errorRecoveryLevel, maxConnections, headerDigests, dataDigests,
                defaultTime2Wait, defaultTime2Retain, targetPortalGroupTag, allowed, maxTextBytes);
    }

    /**
     * The target's side of every negotiated key, as wire text: the value it answers with or its limit.
     * AuthMethod is not included; it comes from the authenticator.
     */
    public Map<NegotiationKey, String> ownValues() {
        Map<NegotiationKey, String> own = new EnumMap<>(NegotiationKey.class);
        own.put(NegotiationKey.HEADER_DIGEST, String.join(",", headerDigests));
        own.put(NegotiationKey.DATA_DIGEST, String.join(",", dataDigests));
        own.put(NegotiationKey.MAX_CONNECTIONS, Integer.toString(maxConnections));
        own.put(NegotiationKey.INITIAL_R2T, Negotiator.yesNo(initialR2T));
        own.put(NegotiationKey.IMMEDIATE_DATA, Negotiator.yesNo(immediateData));
        own.put(NegotiationKey.MAX_BURST_LENGTH, Integer.toString(maxBurstLength));
        own.put(NegotiationKey.FIRST_BURST_LENGTH, Integer.toString(firstBurstLength));
        own.put(NegotiationKey.DEFAULT_TIME2WAIT, Integer.toString(defaultTime2Wait));
        own.put(NegotiationKey.DEFAULT_TIME2RETAIN, Integer.toString(defaultTime2Retain));
        own.put(NegotiationKey.MAX_OUTSTANDING_R2T, Integer.toString(maxOutstandingR2T));
        // Data-Out PDUs and sequences are only handled in order.
        own.put(NegotiationKey.DATA_PDU_IN_ORDER, "Yes");
        own.put(NegotiationKey.DATA_SEQUENCE_IN_ORDER, "Yes");
        own.put(NegotiationKey.ERROR_RECOVERY_LEVEL, Integer.toString(errorRecoveryLevel));
        // Only the RFC 3720 task reporting semantics (RFC 7143 §13.23).
        own.put(NegotiationKey.TASK_REPORTING, "RFC3720");
        // RFC 7143 is protocol level 1 (RFC 7144 §2.1).
        own.put(NegotiationKey.ISCSI_PROTOCOL_LEVEL, "1");
        return own;
    }

    private static void check(NegotiationKey key, int value) {
        if (value < key.min() || value > key.max()) {
            throw new IllegalArgumentException(key.wireName() + " " + value + " outside " + key.min() + ".."
                    + key.max());
        }
    }

    private static void atLeastDefault(NegotiationKey key, int value) {
        int defaultValue = Integer.parseInt(key.defaultValue());
        if (value < defaultValue) {
            throw new IllegalArgumentException(key.wireName() + " limit " + value + " below the RFC default "
                    + defaultValue + ", which applies when the initiator does not offer the key");
        }
    }

    private static void digests(String name, List<String> accepted) {
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException(name + " must accept None, CRC32C or both");
        }
        for (String digest : accepted) {
            if (!DIGESTS.contains(digest)) {
                throw new IllegalArgumentException(name + ": unknown digest " + digest);
            }
        }
    }
}
