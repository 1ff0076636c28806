package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import java.util.List;
import java.util.Objects;

/**
 * Commands addressed to a LUN with no logical unit behind it (SPC-4 §4.6.4 / §6.4.2): standard
 * INQUIRY answers peripheral qualifier 011b / device type 1Fh, REPORT LUNS lists the target's LUNs,
 * REQUEST SENSE returns LOGICAL UNIT NOT SUPPORTED as parameter data, and everything else fails with
 * CHECK CONDITION, LOGICAL UNIT NOT SUPPORTED.
 */
public final class AbsentUnit {

    private static final CommandPlan NOT_SUPPORTED = Plans.check(SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
    private static final RequestSense REQUEST_SENSE = new RequestSense(SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);

    private AbsentUnit() {
    }

    /** @param targetLuns every LUN the target does have, ascending, for REPORT LUNS */
    public static CommandPlan plan(List<Integer> targetLuns, CommandRequest request) {
        Objects.requireNonNull(targetLuns, "targetLuns");
        byte[] cdb = request.cdb();
        if (cdb.length == 0) {
            return NOT_SUPPORTED;
        }
        int opcode = request.opcode();
        if (opcode == ScsiOpcode.INQUIRY.code() || opcode == ScsiOpcode.REPORT_LUNS.code()
                || opcode == ScsiOpcode.REQUEST_SENSE.code()) {
            CommandPlan refused = CommandTable.checkLengthAndControl(cdb);
            if (refused != null) {
                return refused;
            }
        }
        if (opcode == ScsiOpcode.INQUIRY.code()) {
            boolean standard = !Cdb.bit(cdb, Inquiry.FLAGS, Inquiry.EVPD_BIT)
                    && !Cdb.bit(cdb, Inquiry.FLAGS, Inquiry.CMDDT_BIT)
                    && Cdb.uint8(cdb, Inquiry.PAGE_CODE) == 0;
            return standard
                    ? Plans.respond(StandardInquiry.noUnit(), Cdb.uint16(cdb, Inquiry.ALLOCATION_LENGTH))
                    : NOT_SUPPORTED;
        }
        if (opcode == ScsiOpcode.REPORT_LUNS.code()) {
            return ReportLuns.plan(List.copyOf(targetLuns), request);
        }
        if (opcode == ScsiOpcode.REQUEST_SENSE.code()) {
            return REQUEST_SENSE.plan(null, request);
        }
        return NOT_SUPPORTED;
    }
}
