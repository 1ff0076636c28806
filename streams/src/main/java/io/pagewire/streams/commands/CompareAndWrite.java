package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.streams.pipeline.IoRequest;

/**
 * COMPARE AND WRITE, SBC-3 §5.2: the Data-Out holds 2 × NUMBER OF LOGICAL BLOCKS blocks, the verify
 * data then the write data. The device compares the first half with the medium and, only if every byte
 * matches, writes the second half — as one uninterrupted operation: the LU's I/O pipeline holds its
 * range exclusively meanwhile, against every other command of every session. A difference is
 * MISCOMPARE DURING VERIFY OPERATION with the offset of the first differing byte in INFORMATION.
 *
 * <p>CDB (16 bytes): WRPROTECT/DPO/FUA in byte 1, LBA in bytes 2..9, NUMBER OF LOGICAL BLOCKS in
 * byte 13. Checked in order: WRPROTECT (no protection information), the number against MAXIMUM COMPARE
 * AND WRITE LENGTH (Block Limits VPD byte 5, {@link #maximumBlocks}), the Expected Data Transfer Length
 * against the 2 × NUMBER OF LOGICAL BLOCKS blocks it must be, the range. Zero blocks is not an error and
 * moves nothing.
 *
 * <p>A Data-Out of another length than the field says is INVALID FIELD IN CDB pointing at NUMBER OF
 * LOGICAL BLOCKS: the field is one byte, so an initiator asking for 256 blocks sends 0 there with 512
 * blocks of Data-Out (libiscsi 1.19 does, and expects this answer); guessing either way could write what
 * it did not mean.
 */
final class CompareAndWrite implements ScsiCommandHandler {

    static final int NUMBER_OF_LOGICAL_BLOCKS = 13;
    /** The field is one byte. */
    static final int LARGEST_NUMBER = 255;

    private static final BlockCdbLayout LAYOUT = BlockCdbLayout.CDB16;

    /**
     * MAXIMUM COMPARE AND WRITE LENGTH: 255 blocks, or fewer when the Data-Out (twice that) would exceed
     * MAXIMUM TRANSFER LENGTH; at least one.
     */
    static int maximumBlocks(LogicalUnitInfo lu) {
        if (lu.maxTransferBlocks() == 0) {
            return LARGEST_NUMBER;
        }
        return Math.max(1, Math.min(LARGEST_NUMBER, lu.maxTransferBlocks() / 2));
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (LAYOUT.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(LAYOUT.flagsOffset(), BlockCdbLayout.PROTECTION_MSB);
        }
        long lba = LAYOUT.lba(cdb);
        int blocks = Cdb.uint8(cdb, NUMBER_OF_LOGICAL_BLOCKS);
        if (blocks > maximumBlocks(lu)) {
            return Plans.invalidFieldInCdb(NUMBER_OF_LOGICAL_BLOCKS, -1);
        }
        long dataOut = request.write() ? request.expectedDataTransferLength() : 0;
        if (dataOut != 2L * blocks * lu.geometry().blockSize()) {
            return Plans.invalidFieldInCdb(NUMBER_OF_LOGICAL_BLOCKS, -1);
        }
        if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (blocks == 0) {
            return new CommandPlan.WriteBlocks(lba, 0, false);
        }
        return new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE_AND_WRITE, lba, blocks, 2L * blocks,
                LAYOUT.fua(cdb));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(LAYOUT.cdbLength())
                .bits(LAYOUT.flagsOffset(), 1 << BlockCdbLayout.DPO_BIT | 1 << BlockCdbLayout.FUA_BIT)
                .bytes(LAYOUT.lbaOffset(), LAYOUT.lbaLength())
                .bytes(NUMBER_OF_LOGICAL_BLOCKS, 1);
    }
}
