package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** NOP-Out, RFC 7143 §11.18. A ping from the initiator, or the answer to a target's NOP-In (TTT set). */
public record NopOut(boolean immediate, long lun, int itt, int ttt, int cmdSn, int expStatSn, ByteBuf data)
        implements PayloadPdu {
    public NopOut {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.NOP_OUT;
    }
}
