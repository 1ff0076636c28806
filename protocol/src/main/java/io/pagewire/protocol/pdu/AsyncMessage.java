package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Asynchronous Message, RFC 7143 §11.9. ITT is always the reserved tag. */
public record AsyncMessage(long lun, int statSn, int expCmdSn, int maxCmdSn, int asyncEvent, int asyncVCode,
                           int parameter1, int parameter2, int parameter3, ByteBuf data) implements PayloadPdu {
    public AsyncMessage {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public int itt() {
        return RESERVED_TAG;
    }

    @Override
    public Opcode opcode() {
        return Opcode.ASYNC_MESSAGE;
    }
}
