package io.pagewire.actors.session;

/**
 * What login settled for this session, in the terms the data path needs.
 *
 * @param maxSendDataSegment the initiator's MaxRecvDataSegmentLength: the largest Data-In we may send
 * @param maxRecvDataSegment the target's declared MaxRecvDataSegmentLength
 */
public record SessionParameters(String initiatorName, String targetName, long isid, int tsih, boolean discovery,
                                int maxSendDataSegment, int maxRecvDataSegment, int maxBurstLength,
                                int firstBurstLength, boolean immediateData, boolean initialR2t,
                                int maxOutstandingR2t, boolean headerDigest, boolean dataDigest) {
}
