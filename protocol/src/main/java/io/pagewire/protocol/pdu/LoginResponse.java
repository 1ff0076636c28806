package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Login Response, RFC 7143 §11.13. */
public record LoginResponse(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionActive,
                            long isid, int tsih, int itt, int statSn, int expCmdSn, int maxCmdSn,
                            int statusClass, int statusDetail, ByteBuf data) implements PayloadPdu {
    public LoginResponse {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_RESPONSE;
    }
}
