package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;

/**
 * VERIFY(10/12/16), SBC-3 §5.29-5.31, medium verification only (BYTCHK = 00b): the range is checked
 * and the command completes with GOOD without I/O. Comparing initiator data (BYTCHK != 0) is not
 * supported yet and is INVALID FIELD IN CDB.
 */
final class Verify implements ScsiCommandHandler {

    /** BYTCHK, bits 2..1 of the flags byte. */
    private static final int BYTCHK_LOW_BIT = 1;
    private static final int BYTCHK_MSB = 2;

    private final BlockCdbLayout layout;

    Verify(BlockCdbLayout layout) {
        if (layout == BlockCdbLayout.CDB6) {
            throw new IllegalArgumentException("there is no VERIFY(6)");
        }
        this.layout = layout;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (layout.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        // The range before BYTCHK: libiscsi's Verify BeyondEol / ZeroBlocks send BYTCHK = 1 and expect
        // LBA OUT OF RANGE; either error is a correct answer for such a CDB.
        if (Plans.exceedsCapacity(lu.geometry(), layout.lba(cdb), layout.length(cdb))) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (Cdb.bits(cdb, layout.flagsOffset(), BYTCHK_LOW_BIT, 2) != 0) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BYTCHK_MSB);
        }
        return CommandPlan.Respond.GOOD;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, 1 << BlockCdbLayout.DPO_BIT);
    }
}
