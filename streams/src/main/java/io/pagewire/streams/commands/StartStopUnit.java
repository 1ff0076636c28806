package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * START STOP UNIT, SBC-3 §5.25. The unit has no motor or medium to eject, so every power condition
 * is accepted with GOOD; stopping (START = 0, POWER CONDITION = 0) without NO_FLUSH first writes the
 * cache, as the command requires. LOEJ has no effect until removable media exist.
 */
final class StartStopUnit implements ScsiCommandHandler {

    /** IMMED, byte 1 bit 0: accepted; the unit is always ready at once. */
    static final int IMMED = 0x01;
    static final int CONDITION_BYTE = 4;
    static final int START_BIT = 0;
    static final int NO_FLUSH_BIT = 2;
    static final int LOEJ_BIT = 1;
    static final int POWER_CONDITION_LOW_BIT = 4;
    /** POWER CONDITION 0h: START_VALID, i.e. the START bit is what counts. */
    static final int START_VALID = 0;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        boolean startValid = Cdb.bits(cdb, CONDITION_BYTE, POWER_CONDITION_LOW_BIT, 4) == START_VALID;
        boolean stop = startValid && !Cdb.bit(cdb, CONDITION_BYTE, START_BIT);
        if (lu.removable() && startValid && Cdb.bit(cdb, CONDITION_BYTE, LOEJ_BIT)) {
            // Removable medium: LOEJ with START loads it, without START ejects it (SBC-3 §5.25, table 98).
            return new CommandPlan.Control(new ControlRequest.LoadEject(!stop), 0);
        }
        if (stop && !Cdb.bit(cdb, CONDITION_BYTE, NO_FLUSH_BIT)) {
            return new CommandPlan.Flush();
        }
        return CommandPlan.Respond.GOOD;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(6).bits(1, IMMED)
                .bits(CONDITION_BYTE, 0xF0 | 1 << NO_FLUSH_BIT | 1 << LOEJ_BIT | 1 << START_BIT);
    }
}
