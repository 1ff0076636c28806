package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Login Request, RFC 7143 §11.12. {@code isid} holds the 6-byte ISID in its low 48 bits;
 * {@code csg}/{@code nsg} are the 2-bit stage codes (0 security, 1 operational, 3 full feature).
 */
public record LoginRequest(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionMin,
                           long isid, int tsih, int itt, int cid, int cmdSn, int expStatSn, ByteBuf data)
        implements PayloadPdu {
    public LoginRequest {
        Objects.requireNonNull(data, "data");
    }

    @Override
    public Opcode opcode() {
        return Opcode.LOGIN_REQUEST;
    }
}
