package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;

/**
 * MODE SELECT(6) and MODE SELECT(10), SPC-4 §6.9-6.10. The CDB names the parameter list length and
 * SP (save pages); the list itself is applied by the logical unit's control actor with
 * {@link #apply}, which checks it against the pages MODE SENSE reports: a page must have its own
 * length, and every bit MODE SENSE does not report as changeable must keep its current value
 * (INVALID FIELD IN PARAMETER LIST, §6.9).
 */
public final class ModeSelect implements ScsiCommandHandler {
    static final int FLAGS = 1;
    static final int PF_BIT = 4;
    static final int SP_BIT = 0;

    private final boolean ten;

    ModeSelect(boolean ten) {
        this.ten = ten;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        int length = ten ? Cdb.uint16(cdb, 7) : Cdb.uint8(cdb, 4);
        return new CommandPlan.Control(new ControlRequest.ModeSelect(Cdb.bit(cdb, FLAGS, SP_BIT), ten), length);
    }

    /** The values a MODE SELECT sets, or why it is refused. */
    public record Outcome(ModeParameters values, SenseData refusal) {
    }

    /**
     * Applies a MODE SELECT parameter list (header, block descriptors, pages) to {@code current}.
     *
     * @param blockSize the unit's LOGICAL BLOCK LENGTH: a block descriptor may only repeat it
     */
    public static Outcome apply(byte[] list, boolean ten, int blockSize, ModeParameters current) {
        int header = ten ? 8 : 4;
        if (list.length == 0) {
            return new Outcome(current, null);
        }
        if (list.length < header) {
            return refuse(SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
        }
        boolean longLba = ten && (list[4] & ModeSense.LONGLBA) != 0;
        int descriptorsLength = ten ? Cdb.uint16(list, 6) : Cdb.uint8(list, 3);
        int descriptorLength = longLba ? ModeSense.LONG_BLOCK_DESCRIPTOR_LENGTH : ModeSense.SHORT_BLOCK_DESCRIPTOR_LENGTH;
        if (header + descriptorsLength > list.length) {
            return refuse(SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
        }
        if (descriptorsLength % descriptorLength != 0) {
            return refuse(SenseData.invalidFieldInParameterList(ten ? 6 : 3, -1));
        }
        for (int d = header; d < header + descriptorsLength; d += descriptorLength) {
            int lengthAt = longLba ? d + 12 : d + 5;
            long length = longLba ? Cdb.uint32(list, lengthAt) : Cdb.uint24(list, lengthAt);
            if (length != blockSize) {
                return refuse(SenseData.invalidFieldInParameterList(lengthAt, -1));
            }
        }
        ModeParameters values = current;
        int offset = header + descriptorsLength;
        while (offset < list.length) {
            if (list.length - offset < 2) {
                return refuse(SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
            }
            if ((list[offset] & ModePage.SUBPAGE_FORMAT) != 0) {
                return refuse(SenseData.invalidFieldInParameterList(offset, 6));
            }
            ModePage page = ModePage.byCode(list[offset] & 0x3F);
            if (page == null) {
                return refuse(SenseData.invalidFieldInParameterList(offset, 5));
            }
            if ((list[offset + 1] & 0xFF) != page.length() - 2) {
                return refuse(SenseData.invalidFieldInParameterList(offset + 1, -1));
            }
            if (offset + page.length() > list.length) {
                return refuse(SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
            }
            byte[] now = page.encode(ModePage.PageControl.CURRENT, current, null);
            byte[] mask = page.encode(ModePage.PageControl.CHANGEABLE, current, null);
            for (int i = 2; i < page.length(); i++) {
                int fixedDifference = (list[offset + i] ^ now[i]) & ~mask[i] & 0xFF;
                if (fixedDifference != 0) {
                    return refuse(SenseData.invalidFieldInParameterList(offset + i,
                            31 - Integer.numberOfLeadingZeros(fixedDifference)));
                }
            }
            values = page.read(list, offset, values);
            offset += page.length();
        }
        return new Outcome(values, null);
    }

    private static Outcome refuse(SenseData sense) {
        return new Outcome(null, sense);
    }

    @Override
    public CdbUsage cdbUsage() {
        return ten ? CdbUsage.of(10).bits(FLAGS, 1 << PF_BIT | 1 << SP_BIT).bytes(7, 2)
                : CdbUsage.of(6).bits(FLAGS, 1 << PF_BIT | 1 << SP_BIT).bytes(4, 1);
    }
}
