package io.pagewire.protocol.scsi;

/**
 * The 8-byte LUN structure of SAM-5 §4.7 for single-level LUNs, as it travels in the iSCSI BHS and in
 * REPORT LUNS parameter data: LUNs 0..255 use the peripheral device addressing method (byte 0 = 00h,
 * byte 1 = LUN), 256..16383 the flat space addressing method (byte 0 = 40h | LUN bits 13..8).
 * The whole 8 bytes are read, never just byte 1.
 */
public final class LunAddress {

    /** Highest LUN a single-level flat-space address can carry. */
    public static final int MAX_LUN = 0x3FFF;
    /** Value of {@link #decode(long)} for an address this target does not use. */
    public static final int UNSUPPORTED = -1;

    private static final int PERIPHERAL_METHOD = 0b00;
    private static final int FLAT_SPACE_METHOD = 0b01;

    private LunAddress() {
    }

    /** The 8-byte LUN field (as a big-endian long) for {@code lun}. */
    public static long encode(int lun) {
        if (lun < 0 || lun > MAX_LUN) {
            throw new IllegalArgumentException("LUN must be 0.." + MAX_LUN + ", got " + lun);
        }
        long firstLevel = lun <= 0xFF ? lun : (long) (FLAT_SPACE_METHOD << 14 | lun);
        return firstLevel << 48;
    }

    /** Writes the 8-byte LUN field for {@code lun} at {@code offset}. */
    public static void encode(int lun, byte[] dst, int offset) {
        long v = encode(lun);
        for (int i = 0; i < 8; i++) {
            dst[offset + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /**
     * The LUN a single-level peripheral (bus 0) or flat-space address names, or {@link #UNSUPPORTED}
     * when the address uses another method, a non-zero bus, or further levels (bytes 2..7 non-zero).
     */
    public static int decode(long address) {
        if ((address & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return UNSUPPORTED;
        }
        int firstLevel = (int) (address >>> 48);
        int method = firstLevel >>> 14;
        if (method == PERIPHERAL_METHOD) {
            return (firstLevel & 0x3F00) == 0 ? firstLevel & 0xFF : UNSUPPORTED;
        }
        if (method == FLAT_SPACE_METHOD) {
            return firstLevel & MAX_LUN;
        }
        return UNSUPPORTED;
    }
}
