package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;

/**
 * The cache-management commands that name an LBA range and move no data: SYNCHRONIZE CACHE(10/16)
 * (SBC-3 §5.22-5.23) and PRE-FETCH(10/16) (SBC-3 §5.11-5.12). NUMBER OF LOGICAL BLOCKS = 0 means
 * "to the last LBA". The range is checked; then SYNCHRONIZE CACHE flushes the whole device (a
 * superset of the range), and PRE-FETCH answers GOOD — there is no cache to load ahead (the page
 * cache is the device's), and SBC-3 keeps CONDITION MET for a cache that will hold the blocks.
 * IMMED is accepted by both; the session still answers after the flush.
 */
final class CacheRangeCommand implements ScsiCommandHandler {

    /** IMMED, bit 1 of byte 1. */
    private static final int IMMED = 0x02;

    private final BlockCdbLayout layout;
    private final CommandPlan inRange;

    private CacheRangeCommand(String name, BlockCdbLayout layout, CommandPlan inRange) {
        if (layout != BlockCdbLayout.CDB10 && layout != BlockCdbLayout.CDB16) {
            throw new IllegalArgumentException(name + " is 10 or 16 bytes, not " + layout);
        }
        this.layout = layout;
        this.inRange = inRange;
    }

    static CacheRangeCommand synchronizeCache(BlockCdbLayout layout) {
        return new CacheRangeCommand("SYNCHRONIZE CACHE", layout, new CommandPlan.Flush());
    }

    static CacheRangeCommand preFetch(BlockCdbLayout layout) {
        return new CacheRangeCommand("PRE-FETCH", layout, CommandPlan.Respond.GOOD);
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (Plans.exceedsCapacity(lu.geometry(), layout.lba(cdb), layout.length(cdb))) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        return inRange;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.block(layout, IMMED);
    }
}
