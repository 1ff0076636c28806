package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SCSI Data-Out, RFC 7143 §11.7. {@code ttt} is 0xffffffff for unsolicited data. */
public record DataOut(boolean finalFlag, long lun, int itt, int ttt, int expStatSn, int dataSn,
                      int bufferOffset, ByteBuf data) implements PayloadPdu {
    public DataOut {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA_OUT;
    }
}
