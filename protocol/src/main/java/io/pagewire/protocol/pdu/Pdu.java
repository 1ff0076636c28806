package io.pagewire.protocol.pdu;

/**
 * One iSCSI PDU (RFC 7143 §11). Every PDU kind is an immutable record; those that carry a data
 * segment implement {@link PayloadPdu} and own one reference to it.
 *
 * <p>Sequence numbers are unsigned 32-bit serial numbers kept in {@code int}s; compare them with
 * {@link SerialNumber}. The LUN is the whole 8-byte field.
 */
public sealed interface Pdu
        permits PayloadPdu, TaskManagementRequest, LogoutRequest, SnackRequest, TaskManagementResponse,
                LogoutResponse, R2t {

    /** The reserved tag value meaning "no task" (RFC 7143 §11.2.1.8). */
    int RESERVED_TAG = 0xffffffff;

    Opcode opcode();

    /** Initiator Task Tag; {@link #RESERVED_TAG} where the PDU has none. */
    int itt();
}
