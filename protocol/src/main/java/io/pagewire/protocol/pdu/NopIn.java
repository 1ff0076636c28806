package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** NOP-In, RFC 7143 §11.19. An answer to a NOP-Out (ITT set) or a target ping (TTT set). */
public record NopIn(long lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, ByteBuf data)
        implements PayloadPdu {
    public NopIn {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.NOP_IN;
    }
}
