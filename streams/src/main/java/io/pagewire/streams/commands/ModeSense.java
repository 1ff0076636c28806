package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * MODE SENSE(6) and MODE SENSE(10), SPC-4 §6.11-6.12: mode parameter header, an optional block
 * descriptor (short, or long with LLBAA in the 10-byte CDB; SBC-3 §6.4.2), then the selected
 * {@link ModePage}s. The table's handler reports the default values and answers PC = saved with
 * SAVING PARAMETERS NOT SUPPORTED; the session answers with the logical unit's current and saved
 * values through {@link #sense}. The device-specific parameter says DPOFUA = 1, and WP = 1 when the
 * unit is read-only or SWP is set (SBC-3 §6.4.1).
 */
public final class ModeSense implements ScsiCommandHandler {

    static final int FLAGS = 1;
    static final int DBD_BIT = 3;
    static final int LLBAA_BIT = 4;
    static final int PAGE_CONTROL_AND_CODE = 2;
    static final int PAGE_CONTROL_MSB = 7;
    static final int PAGE_CODE_MSB = 5;
    static final int SUBPAGE_CODE = 3;

    /** DEVICE-SPECIFIC PARAMETER for direct-access units: WP (bit 7) clear, DPOFUA (bit 4) set. */
    static final int DEVICE_SPECIFIC_PARAMETER = 0x10;
    /** WP, bit 7 of the DEVICE-SPECIFIC PARAMETER: the medium is write-protected (read-only unit, or SWP = 1). */
    static final int WP = 0x80;
    static final int SHORT_BLOCK_DESCRIPTOR_LENGTH = 8;
    static final int LONG_BLOCK_DESCRIPTOR_LENGTH = 16;
    static final int LONGLBA = 0x01;
    static final long SHORT_DESCRIPTOR_MAX_BLOCKS = 0xFFFF_FFFFL;

    /** The two CDB sizes: where the allocation length is and what the header looks like. */
    enum Variant {
        /** MODE SENSE(6): 1-byte ALLOCATION LENGTH at byte 4, 4-byte header (SPC-4 table 456). */
        SIX(4, 1, 4),
        /** MODE SENSE(10): 2-byte ALLOCATION LENGTH at bytes 7..8, 8-byte header (SPC-4 table 457). */
        TEN(7, 2, 8);

        final int allocationLengthOffset;
        final int allocationLengthBytes;
        final int headerLength;

        Variant(int allocationLengthOffset, int allocationLengthBytes, int headerLength) {
            this.allocationLengthOffset = allocationLengthOffset;
            this.allocationLengthBytes = allocationLengthBytes;
            this.headerLength = headerLength;
        }
    }

    private final Variant variant;

    ModeSense(Variant variant) {
        this.variant = variant;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        return plan(lu, request, ModeParameters.forUnit(lu), null);
    }

    /**
     * MODE SENSE(6) or (10) — by the CDB's opcode — reporting {@code current} values and {@code saved}
     * ones (null: the unit cannot save pages, PC = saved is SAVING PARAMETERS NOT SUPPORTED).
     */
    public static CommandPlan sense(LogicalUnitInfo lu, CommandRequest request, ModeParameters current,
                                    ModeParameters saved) {
        Variant variant = request.opcode() == io.pagewire.protocol.scsi.ScsiOpcode.MODE_SENSE_6.code()
                ? Variant.SIX : Variant.TEN;
        return new ModeSense(variant).plan(lu, request, current, saved);
    }

    private CommandPlan plan(LogicalUnitInfo lu, CommandRequest request, ModeParameters current,
                             ModeParameters saved) {
        byte[] cdb = request.cdb();
        ModePage.PageControl control = ModePage.PageControl.of(Cdb.bits(cdb, PAGE_CONTROL_AND_CODE, 6, 2));
        if (control == ModePage.PageControl.SAVED && saved == null) {
            return new CommandPlan.CheckCondition(SenseData.of(SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED,
                    SenseData.FieldPointer.cdb(PAGE_CONTROL_AND_CODE, PAGE_CONTROL_MSB)));
        }
        int pageCode = Cdb.bits(cdb, PAGE_CONTROL_AND_CODE, 0, 6);
        int subpageCode = Cdb.uint8(cdb, SUBPAGE_CODE);
        Optional<ModePage[]> pages = ModePage.select(pageCode, subpageCode);
        if (pages.isEmpty()) {
            return subpageCode != ModePage.NO_SUBPAGE && subpageCode != ModePage.ALL_SUBPAGES
                    ? Plans.invalidFieldInCdb(SUBPAGE_CODE, -1)
                    : Plans.invalidFieldInCdb(PAGE_CONTROL_AND_CODE, PAGE_CODE_MSB);
        }

        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(new byte[variant.headerLength]);
        byte[] descriptor = Cdb.bit(cdb, FLAGS, DBD_BIT) ? new byte[0] : blockDescriptor(lu, cdb);
        data.writeBytes(descriptor);
        for (ModePage page : pages.get()) {
            data.writeBytes(page.encode(control, current, saved, ModeParameters.forUnit(lu)));
        }
        byte[] b = data.toByteArray();
        writeHeader(b, descriptor.length, current.softwareWriteProtect() || lu.readOnly());

        int allocationLength = variant.allocationLengthBytes == 1
                ? Cdb.uint8(cdb, variant.allocationLengthOffset)
                : Cdb.uint16(cdb, variant.allocationLengthOffset);
        return Plans.respond(b, allocationLength);
    }

    /** MODE DATA LENGTH excludes itself (SPC-4 §7.5.5). */
    private void writeHeader(byte[] b, int descriptorLength, boolean writeProtected) {
        int deviceSpecific = DEVICE_SPECIFIC_PARAMETER | (writeProtected ? WP : 0);
        if (variant == Variant.SIX) {
            b[0] = (byte) (b.length - 1);
            b[2] = (byte) deviceSpecific;
            b[3] = (byte) descriptorLength;
        } else {
            ParameterBytes.put16(b, 0, b.length - 2);
            b[3] = (byte) deviceSpecific;
            b[4] = (byte) (descriptorLength == LONG_BLOCK_DESCRIPTOR_LENGTH ? LONGLBA : 0);
            ParameterBytes.put16(b, 6, descriptorLength);
        }
    }

    /**
     * SBC-3 §6.4.2: NUMBER OF LOGICAL BLOCKS and LOGICAL BLOCK LENGTH; the short form says FFFFFFFFh
     * when the count does not fit. The long form only for MODE SENSE(10) with LLBAA = 1.
     */
    private byte[] blockDescriptor(LogicalUnitInfo lu, byte[] cdb) {
        long blocks = lu.geometry().blockCount();
        int blockSize = lu.geometry().blockSize();
        if (variant == Variant.TEN && Cdb.bit(cdb, FLAGS, LLBAA_BIT)) {
            byte[] d = new byte[LONG_BLOCK_DESCRIPTOR_LENGTH];
            ParameterBytes.put64(d, 0, blocks);
            ParameterBytes.put32(d, 12, blockSize);
            return d;
        }
        byte[] d = new byte[SHORT_BLOCK_DESCRIPTOR_LENGTH];
        ParameterBytes.put32(d, 0, Math.min(blocks, SHORT_DESCRIPTOR_MAX_BLOCKS));
        // byte 4 reserved, LOGICAL BLOCK LENGTH in bytes 5..7
        d[5] = (byte) (blockSize >>> 16);
        d[6] = (byte) (blockSize >>> 8);
        d[7] = (byte) blockSize;
        return d;
    }

    @Override
    public CdbUsage cdbUsage() {
        return variant == Variant.SIX
                ? CdbUsage.of(6).bits(FLAGS, 1 << DBD_BIT).bytes(PAGE_CONTROL_AND_CODE, 2)
                        .bytes(variant.allocationLengthOffset, variant.allocationLengthBytes)
                : CdbUsage.of(10).bits(FLAGS, 1 << DBD_BIT | 1 << LLBAA_BIT).bytes(PAGE_CONTROL_AND_CODE, 2)
                        .bytes(variant.allocationLengthOffset, variant.allocationLengthBytes);
    }
}
