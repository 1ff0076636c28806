package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * READ DEFECT DATA(10/12), SBC-3 §5.19-5.20. A file or memory has no defects: the answer is the
 * header alone with an empty list, in the DEFECT LIST FORMAT asked for, PLISTV / GLISTV set for the
 * lists requested (an empty list is a valid list) and DEFECT LIST LENGTH 0.
 */
final class ReadDefectData implements ScsiCommandHandler {

    /** REQ_PLIST (bit 4), REQ_GLIST (bit 3) and DEFECT LIST FORMAT (bits 2..0). */
    private static final int LISTS_AND_FORMAT = 0x1F;

    /** Where the two CDB sizes keep their fields, and how long their parameter header is. */
    enum Variant {
        /** READ DEFECT DATA(10): flags byte 2, 2-byte ALLOCATION LENGTH at 7, 4-byte header. */
        TEN(10, 2, 7, 2, 4),
        /** READ DEFECT DATA(12): flags byte 1, 4-byte ALLOCATION LENGTH at 6, 8-byte header. */
        TWELVE(12, 1, 6, 4, 8);

        final int cdbLength;
        final int flagsOffset;
        final int allocationLengthOffset;
        final int allocationLengthBytes;
        final int headerLength;

        Variant(int cdbLength, int flagsOffset, int allocationLengthOffset, int allocationLengthBytes,
                int headerLength) {
            this.cdbLength = cdbLength;
            this.flagsOffset = flagsOffset;
            this.allocationLengthOffset = allocationLengthOffset;
            this.allocationLengthBytes = allocationLengthBytes;
            this.headerLength = headerLength;
        }
    }

    private final Variant variant;

    ReadDefectData(Variant variant) {
        this.variant = variant;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        byte[] header = new byte[variant.headerLength];
        // Parameter byte 1 mirrors the CDB: PLISTV, GLISTV and the format at the same bit positions.
        header[1] = (byte) (Cdb.uint8(cdb, variant.flagsOffset) & LISTS_AND_FORMAT);
        long allocationLength = variant.allocationLengthBytes == 2
                ? Cdb.uint16(cdb, variant.allocationLengthOffset)
                : Cdb.uint32(cdb, variant.allocationLengthOffset);
        return Plans.respond(header, allocationLength);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(variant.cdbLength).bits(variant.flagsOffset, LISTS_AND_FORMAT)
                .bytes(variant.allocationLengthOffset, variant.allocationLengthBytes);
    }
}
