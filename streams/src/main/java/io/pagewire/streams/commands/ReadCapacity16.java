package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * READ CAPACITY(16), SBC-3 §5.21 (SERVICE ACTION IN(16), service action 10h): last LBA, block
 * length, no protection, the logical blocks per physical block exponent (lowest aligned LBA 0), LBPME and
 * LBPRZ when thin provisioned.
 */
final class ReadCapacity16 implements ScsiCommandHandler {

    static final int LOGICAL_BLOCK_ADDRESS = 2;
    static final int ALLOCATION_LENGTH = 10;
    static final int PMI_BYTE = 14;
    static final int PMI_BIT = 0;
    static final int DATA_LENGTH = 32;

    // parameter data, SBC-3 §5.21.2 table 64
    private static final int RETURNED_LBA = 0;
    private static final int BLOCK_LENGTH = 8;
    /** P_I_EXPONENT (bits 7..4, 0 here) and LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (bits 3..0). */
    private static final int EXPONENTS = 13;
    private static final int PROVISIONING = 14;
    private static final int LBPME = 0x80;
    /** Unmapped blocks read as zeros (SBC-3 §5.16.2); only meaningful with LBPME. */
    private static final int LBPRZ = 0x40;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (!Cdb.bit(cdb, PMI_BYTE, PMI_BIT) && Cdb.uint64(cdb, LOGICAL_BLOCK_ADDRESS) != 0) {
            return Plans.invalidFieldInCdb(LOGICAL_BLOCK_ADDRESS, -1);
        }
        byte[] data = new byte[DATA_LENGTH];
        ParameterBytes.put64(data, RETURNED_LBA, lu.geometry().lastLba());
        ParameterBytes.put32(data, BLOCK_LENGTH, lu.geometry().blockSize());
        data[EXPONENTS] = (byte) lu.physicalBlockExponent();
        if (lu.thinProvisioned()) {
            data[PROVISIONING] = (byte) (LBPME | LBPRZ);
        }
        return Plans.respond(data, Cdb.uint32(cdb, ALLOCATION_LENGTH));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(16).bytes(LOGICAL_BLOCK_ADDRESS, 8).bytes(ALLOCATION_LENGTH, 4).bits(PMI_BYTE, 1 << PMI_BIT);
    }
}
