package io.pagewire.protocol.pdu;

/** Task Management Function Request, RFC 7143 §11.5. {@code function} is the 7-bit function code. */
public record TaskManagementRequest(boolean immediate, int function, long lun, int itt, int referencedTaskTag,
                                    int cmdSn, int expStatSn, int refCmdSn, int expDataSn) implements Pdu {
    @Override
    public Opcode opcode() {
        return Opcode.TASK_MANAGEMENT_REQUEST;
    }
}
