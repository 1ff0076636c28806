package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TextRequest;

/** What the session needs to know of any initiator PDU: its numbering (RFC 7143 §4.2.2.1), its header, its buffer. */
final class Pdus {
    private Pdus() {
    }

    static boolean isNumbered(Pdu pdu) {
        return pdu instanceof ScsiCommand || pdu instanceof NopOut || pdu instanceof TextRequest
                || pdu instanceof LogoutRequest || pdu instanceof TaskManagementRequest;
    }

    static byte[] bhs(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer(48);
        try {
            PduEncoder.writeBhs(pdu, buf);
            return ByteBufUtil.getBytes(buf, 0, 48);
        } finally {
            buf.release();
        }
    }

    static void release(Pdu pdu) {
        if (pdu instanceof PayloadPdu payload) {
            payload.release();
        }
    }

    static int cmdSn(Pdu pdu) {
        if (pdu instanceof ScsiCommand p) {
            return p.cmdSn();
        } else if (pdu instanceof NopOut p) {
            return p.cmdSn();
        } else if (pdu instanceof TextRequest p) {
            return p.cmdSn();
        } else if (pdu instanceof LogoutRequest p) {
            return p.cmdSn();
        } else if (pdu instanceof TaskManagementRequest p) {
            return p.cmdSn();
        }
        throw new IllegalArgumentException("not a numbered PDU: " + pdu.opcode());
    }

    static boolean isImmediate(Pdu pdu) {
        if (pdu instanceof ScsiCommand p) {
            return p.immediate();
        } else if (pdu instanceof NopOut p) {
            return p.immediate();
        } else if (pdu instanceof TextRequest p) {
            return p.immediate();
        } else if (pdu instanceof LogoutRequest p) {
            return p.immediate();
        } else if (pdu instanceof TaskManagementRequest p) {
            return p.immediate();
        }
        return false;
    }
}
