package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;

/**
 * SYNCHRONIZE CACHE(10/16), SBC-3 §5.22-5.23. NUMBER OF LOGICAL BLOCKS = 0 means "to the last LBA".
 * The range is checked, then the whole device is flushed (a superset of the range). IMMED is
 * accepted; the session still answers after the flush.
 */
final class SynchronizeCache implements ScsiCommandHandler {

    /** IMMED, bit 1 of the flags byte. */
    private static final int IMMED = 0x02;

    private final BlockCdbLayout layout;

    SynchronizeCache(BlockCdbLayout layout) {
        if (layout != BlockCdbLayout.CDB10 && layout != BlockCdbLayout.CDB16) {
            throw new IllegalArgumentException("SYNCHRONIZE CACHE is 10 or 16 bytes, not " + layout);
        }
        this.layout = layout;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (Plans.exceedsCapacity(lu.geometry(), layout.lba(cdb), layout.length(cdb))) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        return new CommandPlan.Flush();
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, IMMED);
    }
}
