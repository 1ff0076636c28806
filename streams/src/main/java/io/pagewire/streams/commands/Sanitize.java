package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.ServiceAction;

/**
 * SANITIZE, SBC-3 §5.30 (SBC-4 §5.30): one handler per service action (OVERWRITE, BLOCK ERASE,
 * CRYPTOGRAPHIC ERASE, EXIT FAILURE MODE). The CDB is checked here — reserved bits and bytes, and
 * the PARAMETER LIST LENGTH each service action requires (SBC-3 table 60: OVERWRITE 5 to logical
 * block length + 4, the others 0; anything else is INVALID FIELD IN CDB) — and the rest is the
 * logical unit's control actor's: whether a sanitize may start, the OVERWRITE parameter list
 * ({@link SanitizeParameters}), and running it. Unsupported service actions never get here: the
 * table's sub-table answers INVALID FIELD IN CDB at the SERVICE ACTION field.
 */
final class Sanitize implements ScsiCommandHandler {

    static final int FLAGS = 1;
    static final int IMMED_BIT = 7;
    /** ZNR in SBC-4, for zoned devices only; this unit is not zoned, so the bit is reserved. */
    static final int RESERVED_BIT = 6;
    static final int AUSE_BIT = 5;
    static final int FIRST_RESERVED_BYTE = 2;
    static final int LAST_RESERVED_BYTE = 6;
    static final int PARAMETER_LIST_LENGTH = 7;

    private final ServiceAction action;

    Sanitize(ServiceAction action) {
        if (action.opcode() != ScsiOpcode.SANITIZE) {
            throw new IllegalArgumentException(action + " is not a SANITIZE service action");
        }
        this.action = action;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (Cdb.bit(cdb, FLAGS, RESERVED_BIT)) {
            return Plans.invalidFieldInCdb(FLAGS, RESERVED_BIT);
        }
        for (int b = FIRST_RESERVED_BYTE; b <= LAST_RESERVED_BYTE; b++) {
            if (cdb[b] != 0) {
                return Plans.invalidFieldInCdb(b, -1);
            }
        }
        int length = Cdb.uint16(cdb, PARAMETER_LIST_LENGTH);
        boolean lengthOk = action == ServiceAction.SANITIZE_OVERWRITE
                ? length > SanitizeParameters.HEADER_LENGTH
                        && length <= lu.geometry().blockSize() + SanitizeParameters.HEADER_LENGTH
                : length == 0;
        if (!lengthOk) {
            return Plans.invalidFieldInCdb(PARAMETER_LIST_LENGTH, -1);
        }
        ControlRequest.Sanitize sanitize = new ControlRequest.Sanitize(action.code(),
                Cdb.bit(cdb, FLAGS, IMMED_BIT), Cdb.bit(cdb, FLAGS, AUSE_BIT));
        return new CommandPlan.Control(sanitize, length);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(10).bits(FLAGS, 1 << IMMED_BIT | 1 << AUSE_BIT).bytes(PARAMETER_LIST_LENGTH, 2);
    }
}
