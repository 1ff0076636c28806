package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.ServiceAction;

/**
 * PERSISTENT RESERVE OUT, SPC-4 §6.16. Checks what the CDB alone decides: the service action, the
 * TYPE and SCOPE = LU_SCOPE of RESERVE (§6.16.2, table 170), and the
 * PARAMETER LIST LENGTH: 24 bytes (SPEC_I_PT is not supported, so no longer list is valid) except
 * for REGISTER AND MOVE, whose list carries a TransportID (§6.16.4).
 */
final class PersistentReserveOut implements ScsiCommandHandler {
    static final int SCOPE_TYPE_OFFSET = 2;
    static final int PARAMETER_LIST_LENGTH_OFFSET = 5;
    static final int BASIC_PARAMETER_LIST = 24;
    /** Longest REGISTER AND MOVE list accepted: the header and one iSCSI TransportID (name up to 223 bytes). */
    static final int MAX_MOVE_PARAMETER_LIST = BASIC_PARAMETER_LIST + 4 + 256;
    static final int LU_SCOPE = 0;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        int action = ServiceAction.of(cdb);
        if (action > ControlRequest.PersistentReserveOut.REGISTER_AND_MOVE) {
            return Plans.invalidFieldInCdb(ServiceAction.FIELD_OFFSET, ServiceAction.FIELD_MSB);
        }
        int scope = Cdb.bits(cdb, SCOPE_TYPE_OFFSET, 4, 4);
        int type = Cdb.bits(cdb, SCOPE_TYPE_OFFSET, 0, 4);
        if (usesType(action)) {
            if (scope != LU_SCOPE) {
                return Plans.invalidFieldInCdb(SCOPE_TYPE_OFFSET, 7);
            }
            if (!validType(type)) {
                return Plans.invalidFieldInCdb(SCOPE_TYPE_OFFSET, 3);
            }
        }
        long length = Cdb.uint32(cdb, PARAMETER_LIST_LENGTH_OFFSET);
        boolean move = action == ControlRequest.PersistentReserveOut.REGISTER_AND_MOVE;
        if (move ? length < BASIC_PARAMETER_LIST || length > MAX_MOVE_PARAMETER_LIST : length != BASIC_PARAMETER_LIST) {
            return Plans.check(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        return new CommandPlan.Control(new ControlRequest.PersistentReserveOut(action, scope, type), (int) length);
    }

    /**
     * RESERVE always creates a reservation of its TYPE. RELEASE and PREEMPT use theirs only when a
     * reservation exists, so the control actor checks them then (a PREEMPT that removes only
     * registrations may carry any type).
     */
    static boolean usesType(int action) {
        return action == ControlRequest.PersistentReserveOut.RESERVE;
    }

    /** WE 1, EA 3, WE-RO 5, EA-RO 6, WE-AR 7, EA-AR 8 (SPC-4 table 169). */
    static boolean validType(int type) {
        return type == 1 || type == 3 || (type >= 5 && type <= 8);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(10).bits(1, 0x1F).bytes(SCOPE_TYPE_OFFSET, 1).bytes(PARAMETER_LIST_LENGTH_OFFSET, 4);
    }
}
