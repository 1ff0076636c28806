package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * PREVENT ALLOW MEDIUM REMOVAL, SBC-3 §5.13: PREVENT 00b allows, 01b prevents; 10b and 11b are
 * obsolete (INVALID FIELD IN CDB). A unit whose medium is not removable has nothing to prevent: GOOD.
 */
final class PreventAllowMediumRemoval implements ScsiCommandHandler {
    static final int PREVENT_BYTE = 4;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        int prevent = Cdb.bits(request.cdb(), PREVENT_BYTE, 0, 2);
        if (prevent > 1) {
            return Plans.invalidFieldInCdb(PREVENT_BYTE, 1);
        }
        if (!lu.removable()) {
            return CommandPlan.Respond.GOOD;
        }
        return new CommandPlan.Control(new ControlRequest.PreventAllow(prevent == 1), 0);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(6).bits(PREVENT_BYTE, 0x03);
    }
}
