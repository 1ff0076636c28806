package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SCSI Response, RFC 7143 §11.4. {@code data} is the data segment as on the wire: for CHECK
 * CONDITION a 2-byte SenseLength followed by the sense data (§11.4.7.2), else empty.
 */
public record ScsiResponse(boolean bidiOverflow, boolean bidiUnderflow, boolean overflow, boolean underflow,
                           int response, int status, int itt, int snackTag, int statSn, int expCmdSn,
                           int maxCmdSn, int expDataSn, int bidiReadResidualCount, int residualCount,
                           ByteBuf data) implements PayloadPdu {
    public ScsiResponse {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.SCSI_RESPONSE;
    }
}
