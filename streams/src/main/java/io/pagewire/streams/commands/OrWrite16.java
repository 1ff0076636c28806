package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * ORWRITE(16), SBC-3 §5.12: each written byte is the medium's byte OR the Data-Out's. The device reads,
 * ORs and writes as one operation with its range held exclusively (as COMPARE AND WRITE), so a
 * concurrent write to the range is never lost between the read and the write. The layout is WRITE(16)'s
 * (ORPROTECT where WRPROTECT is); checked as WRITE(16): ORPROTECT, TRANSFER LENGTH against MAXIMUM
 * TRANSFER LENGTH, the range. Zero blocks moves nothing. The whole Data-Out is held in pages at once
 * for the one request, so without a MAXIMUM TRANSFER LENGTH the transfer is still bounded, by
 * {@value #UNLIMITED_MAXIMUM_BYTES} bytes.
 */
final class OrWrite16 implements ScsiCommandHandler {

    static final int UNLIMITED_MAXIMUM_BYTES = LogicalUnitInfo.DEFAULT_MAX_TRANSFER_BYTES;

    private static final BlockCdbLayout LAYOUT = BlockCdbLayout.CDB16;

    /** The largest TRANSFER LENGTH: MAXIMUM TRANSFER LENGTH, or 8 MiB of blocks when that is unlimited. */
    static long maximumBlocks(LogicalUnitInfo lu) {
        return lu.maxTransferBlocks() != 0 ? lu.maxTransferBlocks()
                : LogicalUnitInfo.defaultMaxTransferBlocks(lu.geometry());
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (LAYOUT.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(LAYOUT.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        long lba = LAYOUT.lba(cdb);
        long blocks = LAYOUT.length(cdb);
        if (blocks > maximumBlocks(lu)) {
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
