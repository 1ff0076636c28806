package io.pagewire.protocol.pdu;

/** Logout Request, RFC 7143 §11.14. {@code reasonCode}: 0 close session, 1 close connection, 2 recovery. */
public record LogoutRequest(boolean immediate, int reasonCode, int itt, int cid, int cmdSn, int expStatSn)
        implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_REQUEST;
    }
}
