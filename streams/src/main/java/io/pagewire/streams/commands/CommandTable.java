package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.ServiceAction;
import java.util.Arrays;
import java.util.Objects;

/**
 * Command dispatch: 256 slots indexed by OPERATION CODE, every slot answering INVALID COMMAND
 * OPERATION CODE until a handler is put there. Opcodes with service actions hold a 32-slot sub-table
 * whose empty slots answer INVALID FIELD IN CDB pointing at the SERVICE ACTION field. Immutable and
 * thread-safe once built; one table serves every logical unit.
 *
 * <p>Before a handler runs, {@link #dispatch} checks that the CDB is as long as the opcode's group
 * code says and that the CONTROL byte asks for neither NACA nor linking (SAM-5 §5.2: both are
 * unsupported, INVALID FIELD IN CDB).
 */
public final class CommandTable {

    static final int SLOTS = 256;
    static final int NACA_BIT = 2;
    static final int LINK_BIT = 0;

    private static final ScsiCommandHandler UNSUPPORTED_OPCODE = (lu, request) -> Plans.INVALID_COMMAND_OPERATION_CODE;

    private final ScsiCommandHandler[] slots;

    private CommandTable(ScsiCommandHandler[] slots) {
        this.slots = slots;
    }

    /** The SPC-4 / SBC-3 commands of a direct-access target. */
    public static CommandTable standard() {
        return builder()
                .command(ScsiOpcode.TEST_UNIT_READY, new TestUnitReady())
                .command(ScsiOpcode.REQUEST_SENSE, new RequestSense(SenseCode.NO_SENSE))
                .command(ScsiOpcode.READ_6, ReadWrite.read(BlockCdbLayout.CDB6))
                .command(ScsiOpcode.WRITE_6, ReadWrite.write(BlockCdbLayout.CDB6))
                .command(ScsiOpcode.INQUIRY, new Inquiry())
                .command(ScsiOpcode.MODE_SENSE_6, new ModeSense(ModeSense.Variant.SIX))
                .command(ScsiOpcode.START_STOP_UNIT, new StartStopUnit())
                .command(ScsiOpcode.READ_CAPACITY_10, new ReadCapacity10())
                .command(ScsiOpcode.READ_10, ReadWrite.read(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.WRITE_10, ReadWrite.write(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.VERIFY_10, new Verify(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.SYNCHRONIZE_CACHE_10, new SynchronizeCache(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.MODE_SENSE_10, new ModeSense(ModeSense.Variant.TEN))
                .command(ScsiOpcode.READ_16, ReadWrite.read(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.WRITE_16, ReadWrite.write(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.VERIFY_16, new Verify(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.SYNCHRONIZE_CACHE_16, new SynchronizeCache(BlockCdbLayout.CDB16))
                .serviceAction(ServiceAction.READ_CAPACITY_16, new ReadCapacity16())
                .command(ScsiOpcode.REPORT_LUNS, new ReportLuns())
                .command(ScsiOpcode.READ_12, ReadWrite.read(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.WRITE_12, ReadWrite.write(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.VERIFY_12, new Verify(BlockCdbLayout.CDB12))
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What to do with {@code request} addressed to {@code lu}. Never throws for any CDB content;
     * a CDB shorter than its opcode's length is INVALID FIELD IN CDB.
     */
    public CommandPlan dispatch(LogicalUnitInfo lu, CommandRequest request) {
        Objects.requireNonNull(lu, "lu");
        Objects.requireNonNull(request, "request");
        byte[] cdb = request.cdb();
        if (cdb.length == 0) {
            return Plans.INVALID_COMMAND_OPERATION_CODE;
        }
        ScsiCommandHandler handler = slots[request.opcode()];
        if (handler == UNSUPPORTED_OPCODE) {
            return Plans.INVALID_COMMAND_OPERATION_CODE;
        }
        CommandPlan refused = checkLengthAndControl(cdb);
        return refused != null ? refused : handler.plan(lu, request);
    }

    /** Whether a handler sits in the slot of {@code opcode} (service actions not considered). */
    public boolean supports(int opcode) {
        return slots[opcode & 0xFF] != UNSUPPORTED_OPCODE;
    }

    /** SAM-5 §5.2 CONTROL byte: NACA and LINK must be zero; null when the CDB may go on. */
    static CommandPlan checkLengthAndControl(byte[] cdb) {
        int length = Cdb.length(cdb[0]);
        if (length == Cdb.VARIABLE_OR_VENDOR) {
            return null;
        }
        if (cdb.length < length) {
            return Plans.invalidFieldInCdb(0, -1);
        }
        int control = length - 1;
        if (Cdb.bit(cdb, control, NACA_BIT)) {
            return Plans.invalidFieldInCdb(control, NACA_BIT);
        }
        if (Cdb.bit(cdb, control, LINK_BIT)) {
            return Plans.invalidFieldInCdb(control, LINK_BIT);
        }
        return null;
    }

    /** Fills a table; each opcode and each service action can be set once. */
    public static final class Builder {
        private final ScsiCommandHandler[] slots = new ScsiCommandHandler[SLOTS];
        private final ServiceActionTable[] serviceActions = new ServiceActionTable[SLOTS];

        private Builder() {
            Arrays.fill(slots, UNSUPPORTED_OPCODE);
        }

        public Builder command(ScsiOpcode opcode, ScsiCommandHandler handler) {
            Objects.requireNonNull(handler, "handler");
            int code = opcode.code();
            if (slots[code] != UNSUPPORTED_OPCODE) {
                throw new IllegalStateException(opcode + " is already in the table");
            }
            slots[code] = handler;
            return this;
        }

        public Builder serviceAction(ServiceAction action, ScsiCommandHandler handler) {
            Objects.requireNonNull(handler, "handler");
            int code = action.opcode().code();
            if (serviceActions[code] == null) {
                if (slots[code] != UNSUPPORTED_OPCODE) {
                    throw new IllegalStateException(action.opcode() + " is in the table without service actions");
                }
                serviceActions[code] = new ServiceActionTable();
                slots[code] = serviceActions[code];
            }
            serviceActions[code].put(action, handler);
            return this;
        }

        public CommandTable build() {
            return new CommandTable(slots.clone());
        }
    }

    /** The sub-table of one opcode, indexed by its 5-bit SERVICE ACTION (SPC-4 §4.2.5.2). */
    private static final class ServiceActionTable implements ScsiCommandHandler {
        private final ScsiCommandHandler[] actions = new ScsiCommandHandler[ServiceAction.COUNT];

        void put(ServiceAction action, ScsiCommandHandler handler) {
            if (actions[action.code()] != null) {
                throw new IllegalStateException(action + " is already in the table");
            }
            actions[action.code()] = handler;
        }

        @Override
        public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
            ScsiCommandHandler handler = actions[ServiceAction.of(request.cdb())];
            if (handler == null) {
                return Plans.invalidFieldInCdb(ServiceAction.FIELD_OFFSET, ServiceAction.FIELD_MSB);
            }
            return handler.plan(lu, request);
        }
    }
}
