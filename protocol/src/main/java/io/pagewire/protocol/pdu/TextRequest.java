package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Text Request, RFC 7143 §11.10. */
public record TextRequest(boolean immediate, boolean finalFlag, boolean cont, long lun, int itt, int ttt,
                          int cmdSn, int expStatSn, ByteBuf data) implements PayloadPdu {
    public TextRequest {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.TEXT_REQUEST;
    }
}
