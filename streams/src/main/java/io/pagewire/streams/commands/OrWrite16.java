package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * ORWRITE(16), SBC-3 §5.12: each written byte is the medium's byte OR the Data-Out's. The device reads,
 * ORs and writes as one operation with its range held exclusively (as COMPARE AND WRITE), so a
 * concurrent write to the range is never lost between the read and the write. The layout is WRITE(16)'s
 * (ORPROTECT where WRPROTECT is); checked as WRITE(16): ORPROTECT, TRANSFER LENGTH against MAXIMUM
 * TRANSFER LENGTH, the range. Zero blocks moves nothing.
 */
final class OrWrite16 implements ScsiCommandHandler {

    private static final BlockCdbLayout LAYOUT = BlockCdbLayout.CDB16;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (LAYOUT.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(LAYOUT.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        long lba = LAYOUT.lba(cdb);
        long blocks = LAYOUT.length(cdb);
        if (lu.maxTransferBlocks() != 0 && blocks > lu.maxTransferBlocks()) {
            return Plans.invalidFieldInCdb(LAYOUT.lengthOffset(), -1);
        }
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (blocks == 0) {
            return new CommandPlan.WriteBlocks(lba, 0, false);
        }
        return new CommandPlan.DataOutOperation(IoRequest.Operation.OR_WRITE, lba, blocks, blocks, LAYOUT.fua(cdb));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(LAYOUT, 1 << BlockCdbLayout.DPO_BIT | 1 << BlockCdbLayout.FUA_BIT);
    }
}
