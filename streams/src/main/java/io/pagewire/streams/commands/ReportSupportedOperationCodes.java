package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * REPORT SUPPORTED OPERATION CODES (MAINTENANCE IN, service action 0Ch), SPC-4 §6.35. Lists exactly
 * what its {@link CommandTable} holds, with each handler's own {@link CdbUsage}. Reporting options
 * 000b (all commands), 001b (one opcode without service actions), 010b (one opcode and service
 * action) and 011b (either); RCTD adds a command timeouts descriptor that gives no timeouts (0: not
 * specified, SPC-4 §6.35.4).
 */
final class ReportSupportedOperationCodes implements ScsiCommandHandler {

    static final int OPTIONS_BYTE = 2;
    static final int RCTD_BIT = 7;
    static final int REPORTING_OPTIONS_MSB = 2;
    static final int REQUESTED_OPERATION_CODE = 3;
    static final int REQUESTED_SERVICE_ACTION = 4;
    static final int ALLOCATION_LENGTH = 6;

    static final int ALL = 0;
    static final int ONE_OPCODE = 1;
    static final int ONE_SERVICE_ACTION = 2;
    static final int ONE_EITHER = 3;

    /** SUPPORT field of the one-command format (SPC-4 table 476). */
    static final int NOT_SUPPORTED = 0b001;
    static final int SUPPORTED = 0b011;

    /** Command timeouts descriptor: 2 length bytes + 0Ah (SPC-4 §6.35.4). */
    static final int TIMEOUTS_DESCRIPTOR_LENGTH = 12;
    private static final int TIMEOUTS_ADDITIONAL_LENGTH = 0x0A;
    private static final int CTDP = 0x02;
    private static final int SERVACTV = 0x01;
    private static final int ONE_COMMAND_CTDP = 0x80;

    private final CommandTable table;

    ReportSupportedOperationCodes(CommandTable table) {
        this.table = table;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        boolean rctd = Cdb.bit(cdb, OPTIONS_BYTE, RCTD_BIT);
        int options = Cdb.bits(cdb, OPTIONS_BYTE, 0, 3);
        int opcode = Cdb.uint8(cdb, REQUESTED_OPERATION_CODE);
        int serviceAction = Cdb.uint16(cdb, REQUESTED_SERVICE_ACTION);
        long allocationLength = Cdb.uint32(cdb, ALLOCATION_LENGTH);
        switch (options) {
            case ALL:
                return Plans.respond(all(rctd), allocationLength);
            case ONE_OPCODE:
                // SPC-4 §6.35.2: an opcode with service actions cannot be asked for without one.
                if (table.hasServiceActions(opcode)) {
                    return Plans.invalidFieldInCdb(REQUESTED_OPERATION_CODE, -1);
                }
                return Plans.respond(one(table.operation(opcode, 0), rctd), allocationLength);
            case ONE_SERVICE_ACTION:
                if (table.supports(opcode) && !table.hasServiceActions(opcode)) {
                    return Plans.invalidFieldInCdb(REQUESTED_OPERATION_CODE, -1);
                }
                return Plans.respond(one(table.operation(opcode, serviceAction), rctd), allocationLength);
            case ONE_EITHER:
                Optional<CommandTable.Operation> operation = table.hasServiceActions(opcode) || serviceAction == 0
                        ? table.operation(opcode, serviceAction)
                        : Optional.empty();
                return Plans.respond(one(operation, rctd), allocationLength);
            default:
                return Plans.invalidFieldInCdb(OPTIONS_BYTE, REPORTING_OPTIONS_MSB);
        }
    }

    /** All-commands format: 4-byte COMMAND DATA LENGTH, then an 8-byte descriptor per command (SPC-4 table 473). */
    private byte[] all(boolean rctd) {
        List<CommandTable.Operation> operations = table.operations();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int descriptorLength = 8 + (rctd ? TIMEOUTS_DESCRIPTOR_LENGTH : 0);
        writeInt(out, operations.size() * descriptorLength);
        for (CommandTable.Operation op : operations) {
            out.write(op.opcode());
            out.write(0);
            writeShort(out, op.serviceAction());
            out.write(0);
            out.write((rctd ? CTDP : 0) | (op.hasServiceAction() ? SERVACTV : 0));
            writeShort(out, op.cdbLength());
            if (rctd) {
                timeouts(out);
            }
        }
        return out.toByteArray();
    }

    /** One-command format: SUPPORT, CDB SIZE and CDB USAGE DATA (SPC-4 table 475). */
    private static byte[] one(Optional<CommandTable.Operation> operation, boolean rctd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        if (operation.isEmpty()) {
            out.write(NOT_SUPPORTED);
            writeShort(out, 0);
            return out.toByteArray();
        }
        byte[] usage = operation.get().usage();
        out.write((rctd ? ONE_COMMAND_CTDP : 0) | SUPPORTED);
        writeShort(out, usage.length);
        out.writeBytes(usage);
        if (rctd) {
            timeouts(out);
        }
        return out.toByteArray();
    }

    /** A command timeouts descriptor with no command-specific data and both timeouts unspecified. */
    private static void timeouts(ByteArrayOutputStream out) {
        writeShort(out, TIMEOUTS_ADDITIONAL_LENGTH);
        out.writeBytes(new byte[TIMEOUTS_DESCRIPTOR_LENGTH - 2]);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        writeShort(out, value >>> 16);
        writeShort(out, value & 0xFFFF);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(12).bits(OPTIONS_BYTE, 1 << RCTD_BIT | 0x07).bytes(REQUESTED_OPERATION_CODE, 3)
                .bytes(ALLOCATION_LENGTH, 4);
    }
}
