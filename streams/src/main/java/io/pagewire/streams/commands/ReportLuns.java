package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.LunAddress;
import java.util.List;

/**
 * REPORT LUNS, SPC-4 §6.33: the target's LUNs as 8-byte single-level addresses ({@link LunAddress}).
 * There are no well-known logical units, so SELECT REPORT 01h returns an empty list.
 */
final class ReportLuns implements ScsiCommandHandler {

    static final int SELECT_REPORT = 2;
    static final int ALLOCATION_LENGTH = 6;
    /** SPC-4 §6.33: an ALLOCATION LENGTH below 16 bytes is INVALID FIELD IN CDB. */
    static final int MINIMUM_ALLOCATION_LENGTH = 16;
    static final int HEADER_LENGTH = 8;
    static final int ENTRY_LENGTH = 8;

    static final int ALL_EXCEPT_WELL_KNOWN = 0x00;
    static final int WELL_KNOWN_ONLY = 0x01;
    static final int ALL = 0x02;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        return plan(lu.allLuns(), request);
    }

    /** REPORT LUNS over {@code luns}, also answered at a LUN that has no unit. */
    static CommandPlan plan(List<Integer> luns, CommandRequest request) {
        byte[] cdb = request.cdb();
        long allocationLength = Cdb.uint32(cdb, ALLOCATION_LENGTH);
        if (allocationLength < MINIMUM_ALLOCATION_LENGTH) {
            return Plans.invalidFieldInCdb(ALLOCATION_LENGTH, -1);
        }
        List<Integer> reported;
        switch (Cdb.uint8(cdb, SELECT_REPORT)) {
            case ALL_EXCEPT_WELL_KNOWN:
            case ALL:
                reported = luns;
                break;
            case WELL_KNOWN_ONLY:
                reported = List.of();
                break;
            default:
                return Plans.invalidFieldInCdb(SELECT_REPORT, -1);
        }
        byte[] data = new byte[HEADER_LENGTH + ENTRY_LENGTH * reported.size()];
        ParameterBytes.put32(data, 0, (long) ENTRY_LENGTH * reported.size());
        int at = HEADER_LENGTH;
        for (int lun : reported) {
            LunAddress.encode(lun, data, at);
            at += ENTRY_LENGTH;
        }
        return Plans.respond(data, allocationLength);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(12).bytes(SELECT_REPORT, 1).bytes(ALLOCATION_LENGTH, 4);
    }
}
