package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * WRITE AND VERIFY(10/12/16), SBC-3 §5.40-5.42: a write whose data must be on the medium before
 * status. BYTCHK = 00b (verify the medium) is a WRITE with FUA: every written block of this target is
 * readable. BYTCHK = 01b (compare with the Data-Out) writes with FUA, reads the blocks back and compares
 * them with the Data-Out, with the range locked so no other command can change it in between; a
 * difference is MISCOMPARE DURING VERIFY OPERATION. BYTCHK 10b and 11b are reserved for this command:
 * INVALID FIELD IN CDB. WRPROTECT != 0 is refused as for WRITE (no protection information).
 */
final class WriteAndVerify implements ScsiCommandHandler {

    /** BYTCHK, bits 2..1 of the flags byte. */
    private static final int BYTCHK_LOW_BIT = 1;
    private static final int BYTCHK_MSB = 2;
    private static final int BYTCHK_MEDIUM = 0b00;
    private static final int BYTCHK_COMPARE = 0b01;

    private final BlockCdbLayout layout;

    WriteAndVerify(BlockCdbLayout layout) {
        if (layout == BlockCdbLayout.CDB6) {
            throw new IllegalArgumentException("there is no WRITE AND VERIFY(6)");
        }
        this.layout = layout;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (layout.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        int bytchk = Cdb.bits(cdb, layout.flagsOffset(), BYTCHK_LOW_BIT, 2);
        if (bytchk != BYTCHK_MEDIUM && bytchk != BYTCHK_COMPARE) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BYTCHK_MSB);
        }
        long lba = layout.lba(cdb);
        long blocks = layout.length(cdb);
        if (lu.maxTransferBlocks() != 0 && blocks > lu.maxTransferBlocks()) {
            return Plans.invalidFieldInCdb(layout.lengthOffset(), -1);
        }
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (bytchk == BYTCHK_COMPARE && blocks > 0) {
            return new CommandPlan.DataOutOperation(IoRequest.Operation.WRITE_AND_COMPARE, lba, blocks, blocks, true);
        }
        return new CommandPlan.WriteBlocks(lba, blocks, true);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, 1 << BlockCdbLayout.DPO_BIT | 0b11 << BYTCHK_LOW_BIT);
    }
}
