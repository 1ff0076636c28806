package io.pagewire.protocol.codec;

/**
 * What this side of a connection accepts on receive: the largest data segment
 * (MaxRecvDataSegmentLength, RFC 7143 §13.12) and whether a CRC32C header and data digest follow
 * each PDU (HeaderDigest/DataDigest, §13.1).
 *
 * @param maxRecvDataSegmentLength largest DataSegmentLength accepted, 512 to 2^24-1
 * @param headerDigest             a CRC32C over BHS and AHS follows the header
 * @param dataDigest               a CRC32C over data and padding follows a non-empty data segment
 */
public record PduLimits(int maxRecvDataSegmentLength, boolean headerDigest, boolean dataDigest) {

    /** Smallest MaxRecvDataSegmentLength a peer may declare (§13.12). */
    public static final int MIN_DATA_SEGMENT_LENGTH = 512;

    /** Largest value the 3-byte DataSegmentLength field can hold (§13.12: 2^24-1). */
    public static final int MAX_DATA_SEGMENT_LENGTH = Bhs.MAX_DATA_SEGMENT_LENGTH;

    /** In force during login, before anything is negotiated: 8192 bytes, no digests (§13.12, §13.1). */
    public static final PduLimits LOGIN_DEFAULTS = new PduLimits(8192, false, false);

    public PduLimits {
        if (maxRecvDataSegmentLength < MIN_DATA_SEGMENT_LENGTH
                || maxRecvDataSegmentLength > MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength must be within "
                    + MIN_DATA_SEGMENT_LENGTH + ".." + MAX_DATA_SEGMENT_LENGTH + ": "
                    + maxRecvDataSegmentLength);
        }
    }

    public PduLimits withMaxRecvDataSegmentLength(int length) {
        return new PduLimits(length, headerDigest, dataDigest);
    }

    public PduLimits withDigests(boolean header, boolean data) {
        return new PduLimits(maxRecvDataSegmentLength, header, data);
    }
}
