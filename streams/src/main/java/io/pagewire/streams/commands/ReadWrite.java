package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;

/**
 * READ(6/10/12/16) and WRITE(6/10/12/16), SBC-3 §5.15-5.18 and §5.32-5.35: one class for the eight
 * commands, the CDB size given by the {@link BlockCdbLayout}. Checks, in order: the protection field,
 * the transfer length against {@link LogicalUnitInfo#maxTransferBlocks()}, the range; then plans the
 * transfer. DPO is accepted and ignored; FUA is passed on (MODE SENSE reports DPOFUA = 1), and set
 * on every WRITE of a unit whose write cache is disabled.
 */
final class ReadWrite implements ScsiCommandHandler {

    /** READ(6) and WRITE(6): a TRANSFER LENGTH of 0 means 256 blocks (SBC-3 §5.15). */
    private static final int SIX_BYTE_ZERO_LENGTH_BLOCKS = 256;

    private final boolean write;
    private final BlockCdbLayout layout;

    private ReadWrite(boolean write, BlockCdbLayout layout) {
        this.write = write;
        this.layout = layout;
    }

    static ReadWrite read(BlockCdbLayout layout) {
        return new ReadWrite(false, layout);
    }

    static ReadWrite write(BlockCdbLayout layout) {
        return new ReadWrite(true, layout);
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        // No protection information on this target: RDPROTECT/WRPROTECT != 0 is invalid (SBC-3 §4.22.2).
        if (layout.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(layout.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        long lba = layout.lba(cdb);
        long blocks = layout.length(cdb);
        if (blocks == 0 && layout == BlockCdbLayout.CDB6) {
            blocks = SIX_BYTE_ZERO_LENGTH_BLOCKS;
        }
        // SBC-3 §6.5.3: a transfer length above MAXIMUM TRANSFER LENGTH is INVALID FIELD IN CDB.
        if (lu.maxTransferBlocks() != 0 && blocks > lu.maxTransferBlocks()) {
            return Plans.invalidFieldInCdb(layout.lengthOffset(), -1);
        }
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        boolean fua = layout.fua(cdb);
        if (write && !lu.writeCacheEnabled()) {
            // SBC-3 §6.4.5: with WCE = 0 the data must be on the medium before GOOD, as with FUA.
            fua = true;
        }
        return write ? new CommandPlan.WriteBlocks(lba, blocks, fua) : new CommandPlan.ReadBlocks(lba, blocks, fua);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, 1 << BlockCdbLayout.DPO_BIT | 1 << BlockCdbLayout.FUA_BIT);
    }
}
