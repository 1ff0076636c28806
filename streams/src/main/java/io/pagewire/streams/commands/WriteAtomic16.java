package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * WRITE ATOMIC(16), SBC-4 §5.48: a write that no other command sees half done — the device writes it
 * with its range held exclusively, in one request. The Block Limits VPD page advertises it: MAXIMUM
 * ATOMIC TRANSFER LENGTH ({@link #maximumBlocks}), ATOMIC ALIGNMENT and ATOMIC TRANSFER LENGTH
 * GRANULARITY 0 (none required), no atomic boundaries.
 *
 * <p>CDB (16 bytes): WRPROTECT/DPO/FUA in byte 1, LBA in bytes 2..9, TRANSFER LENGTH in bytes 12..13.
 * Checked in order: WRPROTECT, TRANSFER LENGTH against MAXIMUM ATOMIC TRANSFER LENGTH (INVALID FIELD IN
 * CDB), the range. Zero blocks moves nothing.
 */
final class WriteAtomic16 implements ScsiCommandHandler {

    static final int TRANSFER_LENGTH = 12;
    /** What one atomic write may hold in pages at once: the default session segment. */
    static final int MAXIMUM_ATOMIC_BYTES = 1 << 20;

    private static final BlockCdbLayout LAYOUT = BlockCdbLayout.CDB16;

    /** MAXIMUM ATOMIC TRANSFER LENGTH: 1 MiB of blocks, never more than MAXIMUM TRANSFER LENGTH. */
    static int maximumBlocks(LogicalUnitInfo lu) {
        int atomic = Math.max(1, MAXIMUM_ATOMIC_BYTES / lu.geometry().blockSize());
        return lu.maxTransferBlocks() == 0 ? atomic : Math.min(atomic, lu.maxTransferBlocks());
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (LAYOUT.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(LAYOUT.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        long lba = LAYOUT.lba(cdb);
        int blocks = Cdb.uint16(cdb, TRANSFER_LENGTH);
        if (blocks > maximumBlocks(lu)) {
            return Plans.invalidFieldInCdb(TRANSFER_LENGTH, -1);
        }
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (blocks == 0) {
            return new CommandPlan.WriteBlocks(lba, 0, false);
        }
        return new CommandPlan.DataOutOperation(IoRequest.Operation.ATOMIC_WRITE, lba, blocks, blocks,
                LAYOUT.fua(cdb));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(LAYOUT.cdbLength())
                .bits(LAYOUT.flagsOffset(), 1 << BlockCdbLayout.DPO_BIT | 1 << BlockCdbLayout.FUA_BIT)
                .bytes(LAYOUT.lbaOffset(), LAYOUT.lbaLength())
                .bytes(TRANSFER_LENGTH, 2);
    }
}
