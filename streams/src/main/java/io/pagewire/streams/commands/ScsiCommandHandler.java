package io.pagewire.streams.commands;

/**
 * One SCSI command (or one family of CDB sizes of it): checks the CDB against the logical unit and
 * decides what the session must do. Pure: no I/O, no state, safe to call from any thread. The
 * {@link CommandTable} has already checked that the CDB is long enough for its opcode and that the
 * CONTROL byte asks for nothing unsupported.
 */
@FunctionalInterface
public interface ScsiCommandHandler {

    CommandPlan plan(LogicalUnitInfo lu, CommandRequest request);

    /**
     * Which CDB bits this handler looks at, for REPORT SUPPORTED OPERATION CODES. Every handler of
     * {@link CommandTable#standard()} says; the default (null) reports every bit but the opcode as
     * reserved, in the CDB length of the opcode's group code.
     */
    default CdbUsage cdbUsage() {
        return null;
    }
}
