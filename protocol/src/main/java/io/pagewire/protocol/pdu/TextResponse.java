package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Text Response, RFC 7143 §11.11. */
public record TextResponse(boolean finalFlag, boolean cont, long lun, int itt, int ttt, int statSn,
                           int expCmdSn, int maxCmdSn, ByteBuf data) implements PayloadPdu {
    public TextResponse {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.TEXT_RESPONSE;
    }
}
