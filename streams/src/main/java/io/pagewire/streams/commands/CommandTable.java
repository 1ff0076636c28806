package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.ServiceAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
    /** Holds the slot of a deferred service action until {@link Builder#build()} replaces it. */
    private static final ScsiCommandHandler PENDING = (lu, request) -> Plans.INVALID_COMMAND_OPERATION_CODE;

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
                .command(ScsiOpcode.WRITE_AND_VERIFY_10, new WriteAndVerify(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.VERIFY_10, new Verify(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.PRE_FETCH_10, CacheRangeCommand.preFetch(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.SYNCHRONIZE_CACHE_10, CacheRangeCommand.synchronizeCache(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.READ_DEFECT_DATA_10, new ReadDefectData(ReadDefectData.Variant.TEN))
                .command(ScsiOpcode.MODE_SENSE_10, new ModeSense(ModeSense.Variant.TEN))
                .command(ScsiOpcode.READ_16, ReadWrite.read(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.WRITE_16, ReadWrite.write(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.WRITE_AND_VERIFY_16, new WriteAndVerify(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.VERIFY_16, new Verify(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.PRE_FETCH_16, CacheRangeCommand.preFetch(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.SYNCHRONIZE_CACHE_16, CacheRangeCommand.synchronizeCache(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.COMPARE_AND_WRITE, new CompareAndWrite())
                .command(ScsiOpcode.ORWRITE_16, new OrWrite16())
                .command(ScsiOpcode.WRITE_ATOMIC_16, new WriteAtomic16())
                .serviceAction(ServiceAction.READ_CAPACITY_16, new ReadCapacity16())
                .serviceAction(ServiceAction.GET_LBA_STATUS, new GetLbaStatus())
                .command(ScsiOpcode.WRITE_SAME_10, new WriteSame(BlockCdbLayout.CDB10))
                .command(ScsiOpcode.WRITE_SAME_16, new WriteSame(BlockCdbLayout.CDB16))
                .command(ScsiOpcode.UNMAP, new Unmap())
                .command(ScsiOpcode.REPORT_LUNS, new ReportLuns())
                .serviceAction(ServiceAction.EXTENDED_COPY_LID1, new ExtendedCopy())
                .serviceAction(ServiceAction.RECEIVE_COPY_STATUS_LID1, new ReceiveCopyResults.CopyStatus())
                .serviceAction(ServiceAction.RECEIVE_COPY_OPERATING_PARAMETERS,
                        new ReceiveCopyResults.OperatingParameters())
                .command(ScsiOpcode.READ_12, ReadWrite.read(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.WRITE_12, ReadWrite.write(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.WRITE_AND_VERIFY_12, new WriteAndVerify(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.VERIFY_12, new Verify(BlockCdbLayout.CDB12))
                .command(ScsiOpcode.READ_DEFECT_DATA_12, new ReadDefectData(ReadDefectData.Variant.TWELVE))
                .serviceAction(ServiceAction.REPORT_SUPPORTED_OPERATION_CODES, ReportSupportedOperationCodes::new)
                .serviceAction(ServiceAction.REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS,
                        new ReportSupportedTaskManagementFunctions())
                .command(ScsiOpcode.PERSISTENT_RESERVE_IN, new PersistentReserveIn())
                .command(ScsiOpcode.PERSISTENT_RESERVE_OUT, new PersistentReserveOut())
                .command(ScsiOpcode.RESERVE_6, ReserveRelease.reserve(6))
                .command(ScsiOpcode.RELEASE_6, ReserveRelease.release(6))
                .command(ScsiOpcode.RESERVE_10, ReserveRelease.reserve(10))
                .command(ScsiOpcode.RELEASE_10, ReserveRelease.release(10))
                .command(ScsiOpcode.MODE_SELECT_6, new ModeSelect(false))
                .command(ScsiOpcode.MODE_SELECT_10, new ModeSelect(true))
                .command(ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL, new PreventAllowMediumRemoval())
                .serviceAction(ServiceAction.SANITIZE_OVERWRITE, new Sanitize(ServiceAction.SANITIZE_OVERWRITE))
                .serviceAction(ServiceAction.SANITIZE_BLOCK_ERASE, new Sanitize(ServiceAction.SANITIZE_BLOCK_ERASE))
                .serviceAction(ServiceAction.SANITIZE_CRYPTOGRAPHIC_ERASE,
                        new Sanitize(ServiceAction.SANITIZE_CRYPTOGRAPHIC_ERASE))
                .serviceAction(ServiceAction.SANITIZE_EXIT_FAILURE_MODE,
                        new Sanitize(ServiceAction.SANITIZE_EXIT_FAILURE_MODE))
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
        return refused != null ? refused : WriteProtection.check(lu, request.opcode(), handler.plan(lu, request));
    }

    /** Whether a handler sits in the slot of {@code opcode} (service actions not considered). */
    public boolean supports(int opcode) {
        return slots[opcode & 0xFF] != UNSUPPORTED_OPCODE;
    }

    /**
     * One supported command as REPORT SUPPORTED OPERATION CODES lists it: the opcode, its service
     * action (when {@code hasServiceAction}) and the CDB USAGE DATA with byte 0 and the SERVICE ACTION
     * field filled in.
     */
    record Operation(int opcode, int serviceAction, boolean hasServiceAction, byte[] usage) {
        int cdbLength() {
            return usage.length;
        }
    }

    /** Every command of the table, by opcode and then service action. */
    List<Operation> operations() {
        List<Operation> all = new ArrayList<>();
        for (int opcode = 0; opcode < SLOTS; opcode++) {
            if (slots[opcode] instanceof ServiceActionTable table) {
                for (int action = 0; action < ServiceAction.COUNT; action++) {
                    if (table.actions[action] != null) {
                        all.add(operation(opcode, action, table.actions[action]));
                    }
                }
            } else if (slots[opcode] != UNSUPPORTED_OPCODE) {
                all.add(operation(opcode, 0, slots[opcode]));
            }
        }
        return all;
    }

    /** Whether the slot of {@code opcode} is a service-action sub-table. */
    boolean hasServiceActions(int opcode) {
        return slots[opcode & 0xFF] instanceof ServiceActionTable;
    }

    /**
     * The command under {@code opcode} (and {@code serviceAction}, ignored for opcodes without
     * service actions), or empty when the table does not support it.
     */
    Optional<Operation> operation(int opcode, int serviceAction) {
        ScsiCommandHandler handler = slots[opcode & 0xFF];
        if (handler instanceof ServiceActionTable table) {
            if (serviceAction < 0 || serviceAction >= ServiceAction.COUNT || table.actions[serviceAction] == null) {
                return Optional.empty();
            }
            return Optional.of(operation(opcode, serviceAction, table.actions[serviceAction]));
        }
        return handler == UNSUPPORTED_OPCODE ? Optional.empty() : Optional.of(operation(opcode, 0, handler));
    }

    private Operation operation(int opcode, int serviceAction, ScsiCommandHandler handler) {
        boolean hasServiceAction = slots[opcode] instanceof ServiceActionTable;
        CdbUsage declared = handler.cdbUsage();
        byte[] usage = declared != null ? declared.toBytes() : new byte[Cdb.length(opcode)];
        usage[0] = (byte) opcode;
        if (hasServiceAction) {
            int field = ServiceAction.FIELD_OFFSET;
            usage[field] = (byte) (usage[field] & ~(ServiceAction.COUNT - 1) | serviceAction);
        }
        return new Operation(opcode, serviceAction, hasServiceAction, usage);
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
        private final List<Deferred> deferred = new ArrayList<>();

        /** A service action whose handler describes the finished table. */
        private record Deferred(ServiceAction action, Function<CommandTable, ScsiCommandHandler> factory) {
        }

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

        /**
         * A service action whose handler needs the finished table (REPORT SUPPORTED OPERATION CODES):
         * {@code factory} is called once, by {@link #build()}, with the table the handler will sit in.
         */
        public Builder serviceAction(ServiceAction action, Function<CommandTable, ScsiCommandHandler> factory) {
            Objects.requireNonNull(factory, "factory");
            serviceAction(action, PENDING);
            deferred.add(new Deferred(action, factory));
            return this;
        }

        public CommandTable build() {
            ScsiCommandHandler[] copy = slots.clone();
            for (int code = 0; code < SLOTS; code++) {
                if (serviceActions[code] != null) {
                    copy[code] = serviceActions[code].copy();
                }
            }
            CommandTable table = new CommandTable(copy);
            for (Deferred d : deferred) {
                ((ServiceActionTable) copy[d.action().opcode().code()]).replace(d.action(), d.factory().apply(table));
            }
            return table;
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

        void replace(ServiceAction action, ScsiCommandHandler handler) {
            actions[action.code()] = Objects.requireNonNull(handler, "handler");
        }

        ServiceActionTable copy() {
            ServiceActionTable copy = new ServiceActionTable();
            System.arraycopy(actions, 0, copy.actions, 0, actions.length);
            return copy;
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
