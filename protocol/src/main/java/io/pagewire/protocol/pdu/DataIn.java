package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SCSI Data-In, RFC 7143 §11.7. When {@code statusPresent} (S bit) the PDU also carries the
 * command's status and residuals and consumes a StatSN; otherwise statSn is reserved (0).
 */
public record DataIn(boolean finalFlag, boolean ack, boolean overflow, boolean underflow, boolean statusPresent,
                     int status, long lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, int dataSn,
                     int bufferOffset, int residualCount, ByteBuf data) implements PayloadPdu {
    public DataIn {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.DATA_IN;
    }
}
