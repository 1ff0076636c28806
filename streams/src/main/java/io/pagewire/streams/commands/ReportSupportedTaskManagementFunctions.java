package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (MAINTENANCE IN, service action 0Dh), SPC-4 §6.36. The
 * session answers ABORT TASK, ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT RESET and TARGET WARM /
 * COLD RESET (RFC 7143 §11.5.1); not CLEAR ACA (NACA is refused) and no QUERY function. With REPD the
 * extended 16-byte format follows, reporting no timeouts.
 */
final class ReportSupportedTaskManagementFunctions implements ScsiCommandHandler {

    static final int REPD_BYTE = 2;
    static final int REPD_BIT = 7;
    static final int ALLOCATION_LENGTH = 6;

    /** Byte 0: ATS, ATSS, CTSS, LURS and TRS (target reset, iSCSI's TARGET WARM RESET). */
    static final int ATS = 0x80;
    static final int ATSS = 0x40;
    static final int CTSS = 0x10;
    static final int LURS = 0x08;
    static final int TRS = 0x02;

    static final int BASIC_LENGTH = 4;
    static final int EXTENDED_LENGTH = 16;
    private static final int ADDITIONAL_DATA_LENGTH = 3;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        boolean repd = Cdb.bit(cdb, REPD_BYTE, REPD_BIT);
        byte[] data = new byte[repd ? EXTENDED_LENGTH : BASIC_LENGTH];
        data[0] = (byte) (ATS | ATSS | CTSS | LURS | TRS);
        if (repd) {
            data[ADDITIONAL_DATA_LENGTH] = (byte) (EXTENDED_LENGTH - BASIC_LENGTH);
        }
        return Plans.respond(data, Cdb.uint32(cdb, ALLOCATION_LENGTH));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(12).bits(REPD_BYTE, 1 << REPD_BIT).bytes(ALLOCATION_LENGTH, 4);
    }
}
