package io.pagewire.protocol.scsi;

/**
 * Where the common fields of the block-addressed SBC-3 commands (READ, WRITE, VERIFY, SYNCHRONIZE
 * CACHE, ...) sit in each CDB size. Offsets are named by meaning; handlers use them for both parsing
 * and the field pointer of INVALID FIELD IN CDB.
 */
public enum BlockCdbLayout {
    /** READ(6) / WRITE(6), SBC-3 §5.15 / §5.32: 21-bit LBA in bytes 1..3, 8-bit length in byte 4, no flags. */
    CDB6(6, 1, 3, 4, 1, -1, -1),
    /** SBC-3 §5.16: LBA bytes 2..5, GROUP NUMBER byte 6, length bytes 7..8. */
    CDB10(10, 2, 4, 7, 2, 1, 6),
    /** SBC-3 §5.17: LBA bytes 2..5, length bytes 6..9, GROUP NUMBER byte 10. */
    CDB12(12, 2, 4, 6, 4, 1, 10),
    /** SBC-3 §5.18: LBA bytes 2..9, length bytes 10..13, GROUP NUMBER byte 14. */
    CDB16(16, 2, 8, 10, 4, 1, 14);

    /** Offset value for a field this CDB size does not have. */
    public static final int NO_FIELD_OFFSET = -1;

    /** In the flags byte: RDPROTECT / WRPROTECT / VRPROTECT, bits 7..5. */
    public static final int PROTECTION_MSB = 7;
    /** In the flags byte: DPO. */
    public static final int DPO_BIT = 4;
    /** In the flags byte: FUA. */
    public static final int FUA_BIT = 3;

    private static final int READ6_LBA_MASK = 0x1F_FFFF;

    private final int cdbLength;
    private final int lbaOffset;
    private final int lbaLength;
    private final int lengthOffset;
    private final int lengthLength;
    private final int flagsOffset;
    private final int groupNumberOffset;

    BlockCdbLayout(int cdbLength, int lbaOffset, int lbaLength, int lengthOffset, int lengthLength,
                   int flagsOffset, int groupNumberOffset) {
        this.cdbLength = cdbLength;
        this.lbaOffset = lbaOffset;
        this.lbaLength = lbaLength;
        this.lengthOffset = lengthOffset;
        this.lengthLength = lengthLength;
        this.flagsOffset = flagsOffset;
        this.groupNumberOffset = groupNumberOffset;
    }

    public int cdbLength() {
        return cdbLength;
    }

    /** Offset of the LOGICAL BLOCK ADDRESS field. */
    public int lbaOffset() {
        return lbaOffset;
    }

    /** Width in bytes of the LOGICAL BLOCK ADDRESS field (3 for 6-byte CDBs, of which 21 bits count). */
    public int lbaLength() {
        return lbaLength;
    }

    /** Width in bytes of the length field. */
    public int lengthLength() {
        return lengthLength;
    }

    /** Offset of the TRANSFER LENGTH (or VERIFICATION LENGTH, NUMBER OF LOGICAL BLOCKS) field. */
    public int lengthOffset() {
        return lengthOffset;
    }

    /** Offset of the byte holding PROTECT, DPO and FUA, or {@link #NO_FIELD_OFFSET} for 6-byte CDBs. */
    public int flagsOffset() {
        return flagsOffset;
    }

    /** Offset of the GROUP NUMBER byte, or {@link #NO_FIELD_OFFSET} for 6-byte CDBs. */
    public int groupNumberOffset() {
        return groupNumberOffset;
    }

    /** The LOGICAL BLOCK ADDRESS, unsigned (all 64 bits for 16-byte CDBs). */
    public long lba(byte[] cdb) {
        switch (lbaLength) {
            case 3:
                return Cdb.uint24(cdb, lbaOffset) & READ6_LBA_MASK;
            case 4:
                return Cdb.uint32(cdb, lbaOffset);
            default:
                return Cdb.uint64(cdb, lbaOffset);
        }
    }

    /** The length field as written, in logical blocks (no 6-byte "0 means 256" rule here). */
    public long length(byte[] cdb) {
        switch (lengthLength) {
            case 1:
                return Cdb.uint8(cdb, lengthOffset);
            case 2:
                return Cdb.uint16(cdb, lengthOffset);
            default:
                return Cdb.uint32(cdb, lengthOffset);
        }
    }

    /** RDPROTECT / WRPROTECT / VRPROTECT, 0..7; always 0 for 6-byte CDBs. */
    public int protection(byte[] cdb) {
        return flagsOffset == NO_FIELD_OFFSET ? 0 : Cdb.bits(cdb, flagsOffset, PROTECTION_MSB - 2, 3);
    }

    public boolean dpo(byte[] cdb) {
        return flagsOffset != NO_FIELD_OFFSET && Cdb.bit(cdb, flagsOffset, DPO_BIT);
    }

    public boolean fua(byte[] cdb) {
        return flagsOffset != NO_FIELD_OFFSET && Cdb.bit(cdb, flagsOffset, FUA_BIT);
    }
}
