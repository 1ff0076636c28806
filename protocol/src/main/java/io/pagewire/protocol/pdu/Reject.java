package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Reject, RFC 7143 §11.17. {@code data} is the complete BHS of the rejected PDU. */
public record Reject(int reason, int statSn, int expCmdSn, int maxCmdSn, int dataSn, ByteBuf data)
        implements PayloadPdu {
    public Reject {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public int itt() {
        return RESERVED_TAG;
    }

    @Override
    public Opcode opcode() {
        return Opcode.REJECT;
    }
}
