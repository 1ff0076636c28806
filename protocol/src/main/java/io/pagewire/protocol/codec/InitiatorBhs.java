package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Bhs.*;

import io.netty.buffer.ByteBuf;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Opcode;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.SnackRequest;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TextRequest;

/**
 * The opcode-specific BHS fields of the PDUs an initiator sends (opcodes 0x00-0x1f), both ways.
 * Reading and writing of one PDU sit next to each other so their offsets can be checked together.
 * Bytes 0 (opcode), 4-7 (lengths) and 16-19 (ITT) are handled by the callers; {@code b} is the
 * index of the BHS's first byte.
 */
final class InitiatorBhs {
    private InitiatorBhs() {
    }

    static Pdu read(Opcode opcode, ByteBuf h, int b, AdditionalHeaders ahs, ByteBuf data) {
        return switch (opcode) {
            case NOP_OUT -> readNopOut(h, b, data);
            case SCSI_COMMAND -> readScsiCommand(h, b, ahs, data);
            case TASK_MANAGEMENT_REQUEST -> readTaskManagementRequest(h, b);
            case LOGIN_REQUEST -> readLoginRequest(h, b, data);
            case TEXT_REQUEST -> readTextRequest(h, b, data);
            case DATA_OUT -> readDataOut(h, b, data);
            case LOGOUT_REQUEST -> readLogoutRequest(h, b);
            case SNACK_REQUEST -> readSnackRequest(h, b);
            default -> throw new IllegalArgumentException("not an initiator opcode: " + opcode);
        };
    }

    static void write(Pdu pdu, ByteBuf h, int b) {
        switch (pdu.opcode()) {
            case NOP_OUT -> writeNopOut((NopOut) pdu, h, b);
            case SCSI_COMMAND -> writeScsiCommand((ScsiCommand) pdu, h, b);
            case TASK_MANAGEMENT_REQUEST -> writeTaskManagementRequest((TaskManagementRequest) pdu, h, b);
            case LOGIN_REQUEST -> writeLoginRequest((LoginRequest) pdu, h, b);
            case TEXT_REQUEST -> writeTextRequest((TextRequest) pdu, h, b);
            case DATA_OUT -> writeDataOut((DataOut) pdu, h, b);
            case LOGOUT_REQUEST -> writeLogoutRequest((LogoutRequest) pdu, h, b);
            case SNACK_REQUEST -> writeSnackRequest((SnackRequest) pdu, h, b);
            default -> throw new IllegalArgumentException("not an initiator opcode: " + pdu.opcode());
        }
    }

    private static boolean immediate(ByteBuf h, int b) {
        return (h.getByte(b + OPCODE) & IMMEDIATE_BIT) != 0;
    }

    private static void setImmediate(ByteBuf h, int b, boolean immediate) {
        if (immediate) {
            h.setByte(b + OPCODE, h.getByte(b + OPCODE) | IMMEDIATE_BIT);
        }
    }

    private static boolean flag(ByteBuf h, int b, int bit) {
        return (h.getByte(b + FLAGS) & bit) != 0;
    }

    private static int bit(boolean set, int bit) {
        return set ? bit : 0;
    }

    // §11.18 NOP-Out: byte 1 is a constant 1 (F).
    private static NopOut readNopOut(ByteBuf h, int b, ByteBuf data) {
        return new NopOut(immediate(h, b), h.getLong(b + LUN), h.getInt(b + ITT), h.getInt(b + TTT),
                h.getInt(b + CMD_SN), h.getInt(b + EXP_STAT_SN), data);
    }

    private static void writeNopOut(NopOut p, ByteBuf h, int b) {
        setImmediate(h, b, p.immediate());
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
    }

    // §11.3 SCSI Command: F R W . . ATTR; CDB at 32, continued by the Extended CDB AHS.
    private static ScsiCommand readScsiCommand(ByteBuf h, int b, AdditionalHeaders ahs, ByteBuf data) {
        int flags = h.getUnsignedByte(b + FLAGS);
        return new ScsiCommand(immediate(h, b), (flags & FINAL_BIT) != 0, (flags & READ_BIT) != 0,
                (flags & WRITE_BIT) != 0, flags & ATTRIBUTE_MASK, h.getLong(b + LUN), h.getInt(b + ITT),
                h.getInt(b + EXPECTED_DATA_TRANSFER_LENGTH), h.getInt(b + CMD_SN), h.getInt(b + EXP_STAT_SN),
                ahs.cdb(h, b + CDB), ahs.bidiReadLength(), data);
    }

    private static void writeScsiCommand(ScsiCommand p, ByteBuf h, int b) {
        setImmediate(h, b, p.immediate());
        h.setByte(b + FLAGS, bit(p.finalFlag(), FINAL_BIT) | bit(p.read(), READ_BIT) | bit(p.write(), WRITE_BIT)
                | checkField("attribute", p.attribute(), 3));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + EXPECTED_DATA_TRANSFER_LENGTH, p.expectedDataTransferLength());
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
        h.setBytes(b + CDB, p.cdb(), 0, CDB_LENGTH);
    }

    // §11.5 Task Management Function Request: 1 + 7-bit function.
    private static TaskManagementRequest readTaskManagementRequest(ByteBuf h, int b) {
        return new TaskManagementRequest(immediate(h, b), h.getByte(b + FLAGS) & FUNCTION_MASK, h.getLong(b + LUN),
                h.getInt(b + ITT), h.getInt(b + REFERENCED_TASK_TAG), h.getInt(b + CMD_SN),
                h.getInt(b + EXP_STAT_SN), h.getInt(b + REF_CMD_SN), h.getInt(b + EXP_DATA_SN));
    }

    private static void writeTaskManagementRequest(TaskManagementRequest p, ByteBuf h, int b) {
        setImmediate(h, b, p.immediate());
        h.setByte(b + FLAGS, FINAL_BIT | checkField("function", p.function(), 7));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + REFERENCED_TASK_TAG, p.referencedTaskTag());
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
        h.setInt(b + REF_CMD_SN, p.refCmdSn());
        h.setInt(b + EXP_DATA_SN, p.expDataSn());
    }

    // §11.12 Login Request: I is always 1; T C . . CSG NSG; ISID, TSIH, CID.
    private static LoginRequest readLoginRequest(ByteBuf h, int b, ByteBuf data) {
        int flags = h.getUnsignedByte(b + FLAGS);
        return new LoginRequest((flags & TRANSIT_BIT) != 0, (flags & CONTINUE_BIT) != 0,
                (flags >> CSG_SHIFT) & STAGE_MASK, flags & STAGE_MASK, h.getUnsignedByte(b + VERSION_MAX),
                h.getUnsignedByte(b + VERSION_MIN), readIsid(h, b), h.getUnsignedShort(b + TSIH), h.getInt(b + ITT),
                h.getUnsignedShort(b + CID), h.getInt(b + CMD_SN), h.getInt(b + EXP_STAT_SN), data);
    }

    private static void writeLoginRequest(LoginRequest p, ByteBuf h, int b) {
        setImmediate(h, b, true);
        h.setByte(b + FLAGS, bit(p.transit(), TRANSIT_BIT) | bit(p.cont(), CONTINUE_BIT)
                | checkField("csg", p.csg(), 2) << CSG_SHIFT | checkField("nsg", p.nsg(), 2));
        h.setByte(b + VERSION_MAX, checkField("versionMax", p.versionMax(), 8));
        h.setByte(b + VERSION_MIN, checkField("versionMin", p.versionMin(), 8));
        writeIsid(h, b, p.isid());
        h.setShort(b + TSIH, checkField("tsih", p.tsih(), 16));
        h.setShort(b + CID, checkField("cid", p.cid(), 16));
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
    }

    /** The 6-byte ISID at offset 8 as the low 48 bits of a long (§11.12.5). */
    static long readIsid(ByteBuf h, int b) {
        return (long) h.getUnsignedShort(b + ISID) << 32 | h.getUnsignedInt(b + ISID + 2);
    }

    static void writeIsid(ByteBuf h, int b, long isid) {
        if (isid >>> 48 != 0) {
            throw new IllegalArgumentException("ISID does not fit 48 bits: " + Long.toHexString(isid));
        }
        h.setShort(b + ISID, (int) (isid >>> 32));
        h.setInt(b + ISID + 2, (int) isid);
    }

    // §11.10 Text Request: F C.
    private static TextRequest readTextRequest(ByteBuf h, int b, ByteBuf data) {
        return new TextRequest(immediate(h, b), flag(h, b, FINAL_BIT), flag(h, b, CONTINUE_BIT), h.getLong(b + LUN),
                h.getInt(b + ITT), h.getInt(b + TTT), h.getInt(b + CMD_SN), h.getInt(b + EXP_STAT_SN), data);
    }

    private static void writeTextRequest(TextRequest p, ByteBuf h, int b) {
        setImmediate(h, b, p.immediate());
        h.setByte(b + FLAGS, bit(p.finalFlag(), FINAL_BIT) | bit(p.cont(), CONTINUE_BIT));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
    }

    // §11.7.1 SCSI Data-Out: F.
    private static DataOut readDataOut(ByteBuf h, int b, ByteBuf data) {
        return new DataOut(flag(h, b, FINAL_BIT), h.getLong(b + LUN), h.getInt(b + ITT), h.getInt(b + TTT),
                h.getInt(b + EXP_STAT_SN), h.getInt(b + DATA_SN), h.getInt(b + BUFFER_OFFSET), data);
    }

    private static void writeDataOut(DataOut p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, bit(p.finalFlag(), FINAL_BIT));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
        h.setInt(b + DATA_SN, p.dataSn());
        h.setInt(b + BUFFER_OFFSET, p.bufferOffset());
    }

    // §11.14 Logout Request: 1 + 7-bit reason code; CID.
    private static LogoutRequest readLogoutRequest(ByteBuf h, int b) {
        return new LogoutRequest(immediate(h, b), h.getByte(b + FLAGS) & LOGOUT_REASON_MASK, h.getInt(b + ITT),
                h.getUnsignedShort(b + CID), h.getInt(b + CMD_SN), h.getInt(b + EXP_STAT_SN));
    }

    private static void writeLogoutRequest(LogoutRequest p, ByteBuf h, int b) {
        setImmediate(h, b, p.immediate());
        h.setByte(b + FLAGS, FINAL_BIT | checkField("reasonCode", p.reasonCode(), 7));
        h.setShort(b + CID, checkField("cid", p.cid(), 16));
        h.setInt(b + CMD_SN, p.cmdSn());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
    }

    // §11.16 SNACK Request: 1 . . . Type.
    private static SnackRequest readSnackRequest(ByteBuf h, int b) {
        return new SnackRequest(h.getByte(b + FLAGS) & SNACK_TYPE_MASK, h.getLong(b + LUN), h.getInt(b + ITT),
                h.getInt(b + SNACK_TAG), h.getInt(b + EXP_STAT_SN), h.getInt(b + BEG_RUN), h.getInt(b + RUN_LENGTH));
    }

    private static void writeSnackRequest(SnackRequest p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT | checkField("type", p.type(), 4));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + SNACK_TAG, p.ttt());
        h.setInt(b + EXP_STAT_SN, p.expStatSn());
        h.setInt(b + BEG_RUN, p.begRun());
        h.setInt(b + RUN_LENGTH, p.runLength());
    }
}
