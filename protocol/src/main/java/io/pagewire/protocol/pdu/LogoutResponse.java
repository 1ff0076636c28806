package io.pagewire.protocol.pdu;

/** Logout Response, RFC 7143 §11.15. */
public record LogoutResponse(int response, int itt, int statSn, int expCmdSn, int maxCmdSn, int time2Wait,
                             int time2Retain) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.LOGOUT_RESPONSE;
    }
}
