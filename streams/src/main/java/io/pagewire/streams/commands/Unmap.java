package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.util.ArrayList;
import java.util.List;

/**
 * UNMAP, SBC-3 §5.28, on thin-provisioned units (LBPU = 1; elsewhere the opcode is unsupported).
 * The CDB is checked first (ANCHOR: no anchored state; a PARAMETER LIST LENGTH of 1..7 cannot hold
 * the header); the parameter list then arrives as Data-Out and {@link #parameterList} checks every
 * descriptor before anything is deallocated: a bad list unmaps nothing.
 */
final class Unmap implements ScsiCommandHandler {

    static final int FLAGS = 1;
    static final int ANCHOR_BIT = 0;
    static final int GROUP_NUMBER = 6;
    static final int PARAMETER_LIST_LENGTH = 7;

    // parameter list, SBC-3 §5.28.2 table 93/94
    static final int HEADER_LENGTH = 8;
    static final int BLOCK_DESCRIPTOR_DATA_LENGTH = 2;
    static final int DESCRIPTOR_LENGTH = 16;
    static final int DESCRIPTOR_LBA = 0;
    static final int DESCRIPTOR_BLOCKS = 8;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        if (!lu.thinProvisioned()) {
            return Plans.INVALID_COMMAND_OPERATION_CODE;
        }
        byte[] cdb = request.cdb();
        if (Cdb.bit(cdb, FLAGS, ANCHOR_BIT)) {
            return Plans.invalidFieldInCdb(FLAGS, ANCHOR_BIT);
        }
        int length = Cdb.uint16(cdb, PARAMETER_LIST_LENGTH);
        if (length == 0) {
            return CommandPlan.Respond.GOOD; // no parameter data, nothing to unmap (SBC-3 §5.28.1)
        }
        if (length < HEADER_LENGTH) {
            return Plans.check(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        return new CommandPlan.ReceiveParameterList(length, Unmap::parameterList);
    }

    /**
     * The UNMAP parameter list: the descriptors the BLOCK DESCRIPTOR DATA LENGTH covers, as far as
     * the received bytes reach (a length that is not a multiple of 16 leaves the partial descriptor
     * out). Descriptors of 0 blocks are no-ops, wherever they point (libiscsi's ZeroBlocks unmaps 0
     * blocks at the LBA one past the end).
     */
    static CommandPlan parameterList(LogicalUnitInfo lu, byte[] list) {
        if (list.length < HEADER_LENGTH) {
            return Plans.check(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        int descriptorBytes = Math.min(Cdb.uint16(list, BLOCK_DESCRIPTOR_DATA_LENGTH), list.length - HEADER_LENGTH);
        int descriptors = descriptorBytes / DESCRIPTOR_LENGTH;
        if (descriptors > ProvisioningLimits.MAX_UNMAP_DESCRIPTORS) {
            return new CommandPlan.CheckCondition(
                    SenseData.invalidFieldInParameterList(BLOCK_DESCRIPTOR_DATA_LENGTH, -1));
        }
        List<CommandPlan.BlockRange> ranges = new ArrayList<>(descriptors);
        long total = 0;
        for (int i = 0; i < descriptors; i++) {
            int at = HEADER_LENGTH + i * DESCRIPTOR_LENGTH;
            long lba = Cdb.uint64(list, at + DESCRIPTOR_LBA);
            long blocks = Cdb.uint32(list, at + DESCRIPTOR_BLOCKS);
            if (blocks == 0) {
                continue;
            }
            if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
                return Plans.LBA_OUT_OF_RANGE;
            }
            total += blocks;
            // SBC-3 §5.28.2: more than MAXIMUM UNMAP LBA COUNT in one command
            if (total > ProvisioningLimits.maxUnmapBlocks(lu.geometry())) {
                return new CommandPlan.CheckCondition(
                        SenseData.invalidFieldInParameterList(at + DESCRIPTOR_BLOCKS, -1));
            }
            ranges.add(new CommandPlan.BlockRange(lba, blocks));
        }
        return ranges.isEmpty() ? CommandPlan.Respond.GOOD : new CommandPlan.Deallocate(ranges);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(10).bits(GROUP_NUMBER, 0x1F).bytes(PARAMETER_LIST_LENGTH, 2);
    }
}
