package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.ServiceAction;

/**
 * PERSISTENT RESERVE IN, SPC-4 §6.15: service actions 0..3; any other is INVALID FIELD IN CDB
 * (libiscsi PrinServiceactionRange). The data comes from the logical unit's control actor.
 */
final class PersistentReserveIn implements ScsiCommandHandler {
    static final int ALLOCATION_LENGTH_OFFSET = 7;
    static final int LAST_SERVICE_ACTION = ControlRequest.PersistentReserveIn.READ_FULL_STATUS;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        int action = ServiceAction.of(cdb);
        if (action > LAST_SERVICE_ACTION) {
            return Plans.invalidFieldInCdb(ServiceAction.FIELD_OFFSET, ServiceAction.FIELD_MSB);
        }
        int allocation = Cdb.uint16(cdb, ALLOCATION_LENGTH_OFFSET);
        return new CommandPlan.Control(new ControlRequest.PersistentReserveIn(action, allocation), 0);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(10).bits(1, 0x1F).bytes(ALLOCATION_LENGTH_OFFSET, 2);
    }
}
