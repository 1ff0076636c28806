package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Bhs.*;

import io.netty.buffer.ByteBuf;
import io.pagewire.protocol.pdu.AsyncMessage;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.LogoutResponse;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.Opcode;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiResponse;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import io.pagewire.protocol.pdu.TextResponse;

/**
 * The opcode-specific BHS fields of the PDUs a target sends (opcodes 0x20-0x3f), both ways; see
 * {@link InitiatorBhs} for the conventions. Where byte 1 holds a constant 1 it is written and
 * ignored on read.
 */
final class TargetBhs {
    private TargetBhs() {
    }

    static Pdu read(Opcode opcode, ByteBuf h, int b, ByteBuf data) {
        return switch (opcode) {
            case NOP_IN -> readNopIn(h, b, data);
            case SCSI_RESPONSE -> readScsiResponse(h, b, data);
            case TASK_MANAGEMENT_RESPONSE -> readTaskManagementResponse(h, b);
            case LOGIN_RESPONSE -> readLoginResponse(h, b, data);
            case TEXT_RESPONSE -> readTextResponse(h, b, data);
            case DATA_IN -> readDataIn(h, b, data);
            case LOGOUT_RESPONSE -> readLogoutResponse(h, b);
            case R2T -> readR2t(h, b);
            case ASYNC_MESSAGE -> readAsyncMessage(h, b, data);
            case REJECT -> readReject(h, b, data);
            default -> throw new IllegalArgumentException("not a target opcode: " + opcode);
        };
    }

    static void write(Pdu pdu, ByteBuf h, int b) {
        switch (pdu.opcode()) {
            case NOP_IN -> writeNopIn((NopIn) pdu, h, b);
            case SCSI_RESPONSE -> writeScsiResponse((ScsiResponse) pdu, h, b);
            case TASK_MANAGEMENT_RESPONSE -> writeTaskManagementResponse((TaskManagementResponse) pdu, h, b);
            case LOGIN_RESPONSE -> writeLoginResponse((LoginResponse) pdu, h, b);
            case TEXT_RESPONSE -> writeTextResponse((TextResponse) pdu, h, b);
            case DATA_IN -> writeDataIn((DataIn) pdu, h, b);
            case LOGOUT_RESPONSE -> writeLogoutResponse((LogoutResponse) pdu, h, b);
            case R2T -> writeR2t((R2t) pdu, h, b);
            case ASYNC_MESSAGE -> writeAsyncMessage((AsyncMessage) pdu, h, b);
            case REJECT -> writeReject((Reject) pdu, h, b);
            default -> throw new IllegalArgumentException("not a target opcode: " + pdu.opcode());
        }
    }

    private static boolean flag(ByteBuf h, int b, int bit) {
        return (h.getByte(b + FLAGS) & bit) != 0;
    }

    private static int bit(boolean set, int bit) {
        return set ? bit : 0;
    }

    private static void writeSequenceNumbers(ByteBuf h, int b, int statSn, int expCmdSn, int maxCmdSn) {
        h.setInt(b + STAT_SN, statSn);
        h.setInt(b + EXP_CMD_SN, expCmdSn);
        h.setInt(b + MAX_CMD_SN, maxCmdSn);
    }

    // §11.19 NOP-In.
    private static NopIn readNopIn(ByteBuf h, int b, ByteBuf data) {
        return new NopIn(h.getLong(b + LUN), h.getInt(b + ITT), h.getInt(b + TTT), h.getInt(b + STAT_SN),
                h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN), data);
    }

    private static void writeNopIn(NopIn p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
    }

    // §11.4 SCSI Response: 1 . . o u O U .; Response; Status.
    private static ScsiResponse readScsiResponse(ByteBuf h, int b, ByteBuf data) {
        return new ScsiResponse(flag(h, b, BIDI_OVERFLOW_BIT), flag(h, b, BIDI_UNDERFLOW_BIT), flag(h, b, OVERFLOW_BIT),
                flag(h, b, UNDERFLOW_BIT), h.getUnsignedByte(b + RESPONSE), h.getUnsignedByte(b + STATUS),
                h.getInt(b + ITT), h.getInt(b + SNACK_TAG), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN),
                h.getInt(b + MAX_CMD_SN), h.getInt(b + EXP_DATA_SN), h.getInt(b + BIDI_READ_RESIDUAL_COUNT),
                h.getInt(b + RESIDUAL_COUNT), data);
    }

    private static void writeScsiResponse(ScsiResponse p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT | bit(p.bidiOverflow(), BIDI_OVERFLOW_BIT)
                | bit(p.bidiUnderflow(), BIDI_UNDERFLOW_BIT) | bit(p.overflow(), OVERFLOW_BIT)
                | bit(p.underflow(), UNDERFLOW_BIT));
        h.setByte(b + RESPONSE, checkField("response", p.response(), 8));
        h.setByte(b + STATUS, checkField("status", p.status(), 8));
        h.setInt(b + SNACK_TAG, p.snackTag());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setInt(b + EXP_DATA_SN, p.expDataSn());
        h.setInt(b + BIDI_READ_RESIDUAL_COUNT, p.bidiReadResidualCount());
        h.setInt(b + RESIDUAL_COUNT, p.residualCount());
    }

    // §11.6 Task Management Function Response.
    private static TaskManagementResponse readTaskManagementResponse(ByteBuf h, int b) {
        return new TaskManagementResponse(h.getUnsignedByte(b + RESPONSE), h.getInt(b + ITT), h.getInt(b + STAT_SN),
                h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN));
    }

    private static void writeTaskManagementResponse(TaskManagementResponse p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setByte(b + RESPONSE, checkField("response", p.response(), 8));
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
    }

    // §11.13 Login Response: T C . . CSG NSG; ISID, TSIH; Status-Class and Status-Detail at 36, 37.
    private static LoginResponse readLoginResponse(ByteBuf h, int b, ByteBuf data) {
        int flags = h.getUnsignedByte(b + FLAGS);
        return new LoginResponse((flags & TRANSIT_BIT) != 0, (flags & CONTINUE_BIT) != 0,
                (flags >> CSG_SHIFT) & STAGE_MASK, flags & STAGE_MASK, h.getUnsignedByte(b + VERSION_MAX),
                h.getUnsignedByte(b + VERSION_ACTIVE), InitiatorBhs.readIsid(h, b), h.getUnsignedShort(b + TSIH),
                h.getInt(b + ITT), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN),
                h.getUnsignedByte(b + STATUS_CLASS), h.getUnsignedByte(b + STATUS_DETAIL), data);
    }

    private static void writeLoginResponse(LoginResponse p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, bit(p.transit(), TRANSIT_BIT) | bit(p.cont(), CONTINUE_BIT)
                | checkField("csg", p.csg(), 2) << CSG_SHIFT | checkField("nsg", p.nsg(), 2));
        h.setByte(b + VERSION_MAX, checkField("versionMax", p.versionMax(), 8));
        h.setByte(b + VERSION_ACTIVE, checkField("versionActive", p.versionActive(), 8));
        InitiatorBhs.writeIsid(h, b, p.isid());
        h.setShort(b + TSIH, checkField("tsih", p.tsih(), 16));
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setByte(b + STATUS_CLASS, checkField("statusClass", p.statusClass(), 8));
        h.setByte(b + STATUS_DETAIL, checkField("statusDetail", p.statusDetail(), 8));
    }

    // §11.11 Text Response: F C.
    private static TextResponse readTextResponse(ByteBuf h, int b, ByteBuf data) {
        return new TextResponse(flag(h, b, FINAL_BIT), flag(h, b, CONTINUE_BIT), h.getLong(b + LUN), h.getInt(b + ITT),
                h.getInt(b + TTT), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN), data);
    }

    private static void writeTextResponse(TextResponse p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, bit(p.finalFlag(), FINAL_BIT) | bit(p.cont(), CONTINUE_BIT));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
    }

    // §11.7.2 SCSI Data-In: F A 0 0 0 O U S; Status at byte 3 when S.
    private static DataIn readDataIn(ByteBuf h, int b, ByteBuf data) {
        return new DataIn(flag(h, b, FINAL_BIT), flag(h, b, ACK_BIT), flag(h, b, OVERFLOW_BIT), flag(h, b, UNDERFLOW_BIT),
                flag(h, b, STATUS_BIT), h.getUnsignedByte(b + STATUS), h.getLong(b + LUN), h.getInt(b + ITT),
                h.getInt(b + TTT), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN),
                h.getInt(b + DATA_SN), h.getInt(b + BUFFER_OFFSET), h.getInt(b + RESIDUAL_COUNT), data);
    }

    private static void writeDataIn(DataIn p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, bit(p.finalFlag(), FINAL_BIT) | bit(p.ack(), ACK_BIT) | bit(p.overflow(), OVERFLOW_BIT)
                | bit(p.underflow(), UNDERFLOW_BIT) | bit(p.statusPresent(), STATUS_BIT));
        h.setByte(b + STATUS, checkField("status", p.status(), 8));
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setInt(b + DATA_SN, p.dataSn());
        h.setInt(b + BUFFER_OFFSET, p.bufferOffset());
        h.setInt(b + RESIDUAL_COUNT, p.residualCount());
    }

    // §11.15 Logout Response: Response; Time2Wait and Time2Retain, 2 bytes each.
    private static LogoutResponse readLogoutResponse(ByteBuf h, int b) {
        return new LogoutResponse(h.getUnsignedByte(b + RESPONSE), h.getInt(b + ITT), h.getInt(b + STAT_SN),
                h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN), h.getUnsignedShort(b + TIME_2_WAIT),
                h.getUnsignedShort(b + TIME_2_RETAIN));
    }

    private static void writeLogoutResponse(LogoutResponse p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setByte(b + RESPONSE, checkField("response", p.response(), 8));
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setShort(b + TIME_2_WAIT, checkField("time2Wait", p.time2Wait(), 16));
        h.setShort(b + TIME_2_RETAIN, checkField("time2Retain", p.time2Retain(), 16));
    }

    // §11.8 Ready To Transfer.
    private static R2t readR2t(ByteBuf h, int b) {
        return new R2t(h.getLong(b + LUN), h.getInt(b + ITT), h.getInt(b + TTT), h.getInt(b + STAT_SN),
                h.getInt(b + EXP_CMD_SN), h.getInt(b + MAX_CMD_SN), h.getInt(b + R2T_SN), h.getInt(b + BUFFER_OFFSET),
                h.getInt(b + DESIRED_DATA_TRANSFER_LENGTH));
    }

    private static void writeR2t(R2t p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setLong(b + LUN, p.lun());
        h.setInt(b + TTT, p.ttt());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setInt(b + R2T_SN, p.r2tSn());
        h.setInt(b + BUFFER_OFFSET, p.bufferOffset());
        h.setInt(b + DESIRED_DATA_TRANSFER_LENGTH, p.desiredDataTransferLength());
    }

    // §11.9 Asynchronous Message: AsyncEvent, AsyncVCode, three 2-byte parameters.
    private static AsyncMessage readAsyncMessage(ByteBuf h, int b, ByteBuf data) {
        return new AsyncMessage(h.getLong(b + LUN), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN),
                h.getInt(b + MAX_CMD_SN), h.getUnsignedByte(b + ASYNC_EVENT), h.getUnsignedByte(b + ASYNC_VCODE),
                h.getUnsignedShort(b + PARAMETER1), h.getUnsignedShort(b + PARAMETER2),
                h.getUnsignedShort(b + PARAMETER3), data);
    }

    private static void writeAsyncMessage(AsyncMessage p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setLong(b + LUN, p.lun());
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setByte(b + ASYNC_EVENT, checkField("asyncEvent", p.asyncEvent(), 8));
        h.setByte(b + ASYNC_VCODE, checkField("asyncVCode", p.asyncVCode(), 8));
        h.setShort(b + PARAMETER1, checkField("parameter1", p.parameter1(), 16));
        h.setShort(b + PARAMETER2, checkField("parameter2", p.parameter2(), 16));
        h.setShort(b + PARAMETER3, checkField("parameter3", p.parameter3(), 16));
    }

    // §11.17 Reject: Reason; DataSN/R2TSN at 36.
    private static Reject readReject(ByteBuf h, int b, ByteBuf data) {
        return new Reject(h.getUnsignedByte(b + REASON), h.getInt(b + STAT_SN), h.getInt(b + EXP_CMD_SN),
                h.getInt(b + MAX_CMD_SN), h.getInt(b + DATA_SN), data);
    }

    private static void writeReject(Reject p, ByteBuf h, int b) {
        h.setByte(b + FLAGS, FINAL_BIT);
        h.setByte(b + REASON, checkField("reason", p.reason(), 8));
        writeSequenceNumbers(h, b, p.statSn(), p.expCmdSn(), p.maxCmdSn());
        h.setInt(b + DATA_SN, p.dataSn());
    }
}
