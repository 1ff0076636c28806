package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * VERIFY(10/12/16), SBC-3 §5.29-5.31. BYTCHK selects what is verified (§5.29 table 64):
 * <ul>
 *   <li>00b: the medium only — every block of this target is readable, so the range is checked and
 *       the command completes GOOD without I/O;</li>
 *   <li>01b: the Data-Out (VERIFICATION LENGTH blocks) is compared with the medium;</li>
 *   <li>10b: reserved, INVALID FIELD IN CDB;</li>
 *   <li>11b: the Data-Out is one block, compared with every block of the range (SBC-4).</li>
 * </ul>
 * A difference is CHECK CONDITION, MISCOMPARE / MISCOMPARE DURING VERIFY OPERATION with the offset of
 * the first differing byte in INFORMATION (the session reports it). A VERIFICATION LENGTH of zero
 * transfers and compares nothing.
 */
final class Verify implements ScsiCommandHandler {

    /** BYTCHK, bits 2..1 of the flags byte. */
    private static final int BYTCHK_LOW_BIT = 1;
    private static final int BYTCHK_MSB = 2;
    private static final int BYTCHK_MEDIUM = 0b00;
    private static final int BYTCHK_COMPARE = 0b01;
    private static final int BYTCHK_COMPARE_ONE_BLOCK = 0b11;

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
        long lba = layout.lba(cdb);
        long blocks = layout.length(cdb);
        // The range before BYTCHK: libiscsi's Verify BeyondEol / ZeroBlocks send BYTCHK = 1 and expect
        // LBA OUT OF RANGE; either error is a correct answer for such a CDB.
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        int bytchk = Cdb.bits(cdb, layout.flagsOffset(), BYTCHK_LOW_BIT, 2);
        if (bytchk == BYTCHK_MEDIUM || blocks == 0 && bytchk != 0b10) {
            return CommandPlan.Respond.GOOD;
        }
        if (bytchk != BYTCHK_COMPARE && bytchk != BYTCHK_COMPARE_ONE_BLOCK) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BYTCHK_MSB);
        }
        // The compare reads the whole range once, as a READ would: the same transfer limit bounds it.
        if (lu.maxTransferBlocks() != 0 && blocks > lu.maxTransferBlocks()) {
            return Plans.invalidFieldInCdb(layout.lengthOffset(), -1);
        }
        if (bytchk == BYTCHK_COMPARE) {
            return new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE, lba, blocks, blocks, false);
        }
        return new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE_EACH_BLOCK, lba, blocks, 1, false);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, 1 << BlockCdbLayout.DPO_BIT | 0b11 << BYTCHK_LOW_BIT);
    }
}
