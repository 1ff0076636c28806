package io.pagewire.protocol.pdu;

/** Ready To Transfer, RFC 7143 §11.8. */
public record R2t(long lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, int r2tSn,
                  int bufferOffset, int desiredDataTransferLength) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.R2T;
    }
}
