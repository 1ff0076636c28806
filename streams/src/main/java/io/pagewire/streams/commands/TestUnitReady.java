package io.pagewire.streams.commands;

/** TEST UNIT READY, SPC-4 §6.47: the unit is always ready in this version (no media changes, no UAs). */
final class TestUnitReady implements ScsiCommandHandler {

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        return CommandPlan.Respond.GOOD;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(6);
    }
}
