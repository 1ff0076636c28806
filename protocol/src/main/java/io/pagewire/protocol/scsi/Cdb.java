package io.pagewire.protocol.scsi;

/**
 * Reading fields out of a CDB: big-endian unsigned integers and bit fields at named offsets
 * (callers name their offsets by meaning, e.g. {@code ALLOCATION_LENGTH = 3}). All reads are
 * bounds-checked by the array; the command layer checks the CDB length once before dispatch.
 */
public final class Cdb {

    /** Group-code value of {@link #length(int)} for opcodes whose length the group code does not give. */
    public static final int VARIABLE_OR_VENDOR = -1;

    private Cdb() {
    }

    /**
     * CDB length implied by the operation code's group code (SPC-4 §4.2.5.1 table 10): 6, 10, 12 or
     * 16 bytes, or {@link #VARIABLE_OR_VENDOR} for group 3 (reserved / variable length) and the
     * vendor-specific groups 6 and 7.
     */
    public static int length(int opcode) {
        switch ((opcode & 0xFF) >>> 5) {
            case 0:
                return 6;
            case 1:
            case 2:
                return 10;
            case 4:
                return 16;
            case 5:
                return 12;
            default:
                return VARIABLE_OR_VENDOR;
        }
    }

    public static int uint8(byte[] cdb, int offset) {
        return cdb[offset] & 0xFF;
    }

    public static int uint16(byte[] cdb, int offset) {
        return (cdb[offset] & 0xFF) << 8 | (cdb[offset + 1] & 0xFF);
    }

    public static int uint24(byte[] cdb, int offset) {
        return (cdb[offset] & 0xFF) << 16 | (cdb[offset + 1] & 0xFF) << 8 | (cdb[offset + 2] & 0xFF);
    }

    public static long uint32(byte[] cdb, int offset) {
        return (long) uint16(cdb, offset) << 16 | uint16(cdb, offset + 2);
    }

    /** All 64 bits; the value is unsigned, so compare it with {@link Long#compareUnsigned}. */
    public static long uint64(byte[] cdb, int offset) {
        return uint32(cdb, offset) << 32 | uint32(cdb, offset + 4);
    }

    /** Whether bit {@code bit} (0 = least significant) of byte {@code offset} is set. */
    public static boolean bit(byte[] cdb, int offset, int bit) {
        return (cdb[offset] & (1 << bit)) != 0;
    }

    /** The {@code width}-bit field whose least significant bit is {@code lowBit} of byte {@code offset}. */
    public static int bits(byte[] cdb, int offset, int lowBit, int width) {
        return (cdb[offset] & 0xFF) >>> lowBit & ((1 << width) - 1);
    }
}
