package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * READ CAPACITY(10), SBC-3 §5.20: the last LBA and the block length. A last LBA above FFFFFFFEh is
 * reported as FFFFFFFFh, telling the initiator to use READ CAPACITY(16).
 */
final class ReadCapacity10 implements ScsiCommandHandler {

    static final int LOGICAL_BLOCK_ADDRESS = 2;
    static final int PMI_BYTE = 8;
    static final int PMI_BIT = 0;
    static final int DATA_LENGTH = 8;
    static final long LBA_TOO_LARGE = 0xFFFF_FFFFL;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        // SBC-3 §5.20.1: with PMI = 0 the LOGICAL BLOCK ADDRESS field must be zero.
        if (!Cdb.bit(cdb, PMI_BYTE, PMI_BIT) && Cdb.uint32(cdb, LOGICAL_BLOCK_ADDRESS) != 0) {
            return Plans.invalidFieldInCdb(LOGICAL_BLOCK_ADDRESS, -1);
        }
        byte[] data = new byte[DATA_LENGTH];
        long lastLba = lu.geometry().lastLba();
        ParameterBytes.put32(data, 0, Math.min(lastLba, LBA_TOO_LARGE));
        ParameterBytes.put32(data, 4, lu.geometry().blockSize());
        return new CommandPlan.Respond(data);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(10).bytes(LOGICAL_BLOCK_ADDRESS, 4).bits(PMI_BYTE, 1 << PMI_BIT);
    }
}
