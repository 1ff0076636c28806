package io.pagewire.protocol.pdu;

/** Task Management Function Response, RFC 7143 §11.6. */
public record TaskManagementResponse(int response, int itt, int statSn, int expCmdSn, int maxCmdSn) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_RESPONSE;
    }
}
