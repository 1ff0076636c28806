package io.pagewire.protocol.pdu;

/** SNACK Request, RFC 7143 §11.16. Not supported at ErrorRecoveryLevel 0; decoded so it can be rejected. */
public record SnackRequest(int type, long lun, int itt, int ttt, int expStatSn, int begRun, int runLength)
        implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.SNACK_REQUEST;
    }
}
