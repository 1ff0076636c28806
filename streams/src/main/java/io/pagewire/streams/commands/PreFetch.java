package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;

/**
 * PRE-FETCH(10/16), SBC-3 §5.11-5.12. NUMBER OF LOGICAL BLOCKS = 0 means "to the last LBA". The range
 * is checked; there is no cache to load ahead (the page cache is the device's), so the command
 * completes with GOOD, which SBC-3 allows when the blocks are not (all) brought into the cache:
 * CONDITION MET is only for a cache that will hold them. IMMED is accepted.
 */
final class PreFetch implements ScsiCommandHandler {

    /** IMMED, bit 1 of byte 1. */
    private static final int IMMED = 0x02;

    private final BlockCdbLayout layout;

    PreFetch(BlockCdbLayout layout) {
        if (layout != BlockCdbLayout.CDB10 && layout != BlockCdbLayout.CDB16) {
            throw new IllegalArgumentException("PRE-FETCH is 10 or 16 bytes, not " + layout);
        }
        this.layout = layout;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (Plans.exceedsCapacity(lu.geometry(), layout.lba(cdb), layout.length(cdb))) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        return CommandPlan.Respond.GOOD;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, IMMED);
    }
}
