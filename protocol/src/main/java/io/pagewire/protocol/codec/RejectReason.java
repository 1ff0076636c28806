package io.pagewire.protocol.codec;

/** Reject reason codes, RFC 7143 §11.17.1. Lookup by wire value is an array index. */
public enum RejectReason {
    DATA_DIGEST_ERROR(0x02, true),
    SNACK_REJECT(0x03, true),
    PROTOCOL_ERROR(0x04, false),
    COMMAND_NOT_SUPPORTED(0x05, false),
    /** Too many immediate commands. */
    IMMEDIATE_COMMAND_REJECT(0x06, true),
    TASK_IN_PROGRESS(0x07, false),
    INVALID_DATA_ACK(0x08, false),
    INVALID_PDU_FIELD(0x09, false),
    /** Cannot generate a Target Transfer Tag: out of resources. */
    LONG_OPERATION_REJECT(0x0a, true),
    /** Formerly "Negotiation Reset"; MUST NOT be sent (§11.17.1). Decoded so it can be named. */
    DEPRECATED(0x0b, false),
    WAITING_FOR_LOGOUT(0x0c, false);

    private static final RejectReason[] BY_VALUE = new RejectReason[0x0d];

    static {
        for (RejectReason reason : values()) {
            BY_VALUE[reason.value] = reason;
        }
    }

    private final int value;
    private final boolean resendable;

    RejectReason(int value, boolean resendable) {
        this.value = value;
        this.resendable = resendable;
    }

    public int value() {
        return value;
    }

    /** The table's "can the original PDU be re-sent?" column. */
    public boolean resendable() {
        return resendable;
    }

    /** @return the reason, or {@code null} for a reserved value (0x00, 0x01, 0x0d-0xff). */
    public static RejectReason of(int value) {
        return value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
