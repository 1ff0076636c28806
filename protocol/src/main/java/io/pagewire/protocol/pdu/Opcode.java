package io.pagewire.protocol.pdu;

/** iSCSI opcodes, RFC 7143 §11.2.1.2. Lookup by wire value is an array index. */
public enum Opcode {
    NOP_OUT(0x00),
    SCSI_COMMAND(0x01),
    TASK_MANAGEMENT_REQUEST(0x02),
    LOGIN_REQUEST(0x03),
    TEXT_REQUEST(0x04),
    DATA_OUT(0x05),
    LOGOUT_REQUEST(0x06),
    SNACK_REQUEST(0x10),
    NOP_IN(0x20),
    SCSI_RESPONSE(0x21),
    TASK_MANAGEMENT_RESPONSE(0x22),
    LOGIN_RESPONSE(0x23),
    TEXT_RESPONSE(0x24),
    DATA_IN(0x25),
    LOGOUT_RESPONSE(0x26),
    R2T(0x31),
    ASYNC_MESSAGE(0x32),
    REJECT(0x3f);

    private static final Opcode[] BY_VALUE = new Opcode[64];

    static {
        for (Opcode op : values()) {
            BY_VALUE[op.value] = op;
        }
    }

    private final int value;

    Opcode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** True for opcodes an initiator sends (RFC 7143 §11.2.1.2: 0x00-0x1f). */
    public boolean fromInitiator() {
        return value < 0x20;
    }

    /** @return the opcode, or {@code null} when the six bits name no opcode. */
    public static Opcode of(int sixBits) {
        return BY_VALUE[sixBits & 0x3f];
    }
}
