package io.pagewire.protocol.text;

import java.util.Objects;

/**
 * The outcome of a login: every negotiated value, defaults (RFC 7143 §13) where a key was not
 * negotiated, plus the names declared.
 *
 * @param sessionType                       Normal or Discovery
 * @param initiatorName                     InitiatorName; null only in {@link #DEFAULTS}
 * @param initiatorAlias                    InitiatorAlias, or null
 * @param targetName                        TargetName; null for discovery sessions
 * @param headerDigest                      true for CRC32C header digests
 * @param dataDigest                        true for CRC32C data digests
 * @param maxRecvDataSegmentLength          what the target declared: the largest data segment the
 *                                          target accepts (8192 when it did not declare)
 * @param initiatorMaxRecvDataSegmentLength what the initiator declared: the largest data segment the
 *                                          target may send
 * @param maxConnections                    MaxConnections
 * @param initialR2T                        InitialR2T
 * @param immediateData                     ImmediateData
 * @param maxBurstLength                    MaxBurstLength
 * @param firstBurstLength                  FirstBurstLength, never above maxBurstLength
 * @param defaultTime2Wait                  DefaultTime2Wait, seconds
 * @param defaultTime2Retain                DefaultTime2Retain, seconds
 * @param maxOutstandingR2T                 MaxOutstandingR2T
 * @param dataPduInOrder                    DataPDUInOrder
 * @param dataSequenceInOrder               DataSequenceInOrder
 * @param errorRecoveryLevel                ErrorRecoveryLevel
 */
public record OperationalParameters(SessionType sessionType, String initiatorName, String initiatorAlias,
                                    String targetName, boolean headerDigest, boolean dataDigest,
                                    int maxRecvDataSegmentLength, int initiatorMaxRecvDataSegmentLength,
                                    int maxConnections, boolean initialR2T, boolean immediateData,
                                    int maxBurstLength, int firstBurstLength, int defaultTime2Wait,
                                    int defaultTime2Retain, int maxOutstandingR2T, boolean dataPduInOrder,
                                    boolean dataSequenceInOrder, int errorRecoveryLevel) {

    /** The RFC 7143 defaults of a normal session, with no names. */
    public static final OperationalParameters DEFAULTS = new OperationalParameters(SessionType.NORMAL, null, null,
            null, false, false, 8192, 8192, 1, true, true, 262144, 65536, 2, 20, 1, true, true, 0);

    public OperationalParameters {
        Objects.requireNonNull(sessionType, "sessionType");
        check(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH, maxRecvDataSegmentLength);
        check(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH, initiatorMaxRecvDataSegmentLength);
        check(NegotiationKey.MAX_CONNECTIONS, maxConnections);
        check(NegotiationKey.MAX_BURST_LENGTH, maxBurstLength);
        check(NegotiationKey.FIRST_BURST_LENGTH, firstBurstLength);
        check(NegotiationKey.DEFAULT_TIME2WAIT, defaultTime2Wait);
        check(NegotiationKey.DEFAULT_TIME2RETAIN, defaultTime2Retain);
        check(NegotiationKey.MAX_OUTSTANDING_R2T, maxOutstandingR2T);
        check(NegotiationKey.ERROR_RECOVERY_LEVEL, errorRecoveryLevel);
        if (firstBurstLength > maxBurstLength) {
            throw new IllegalArgumentException("firstBurstLength " + firstBurstLength + " > maxBurstLength "
                    + maxBurstLength);
        }
    }

    private static void check(NegotiationKey key, int value) {
        if (value < key.min() || value > key.max()) {
            throw new IllegalArgumentException(key.wireName() + " " + value + " outside " + key.min() + ".."
                    + key.max());
        }
    }
}
