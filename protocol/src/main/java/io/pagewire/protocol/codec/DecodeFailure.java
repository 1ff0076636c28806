package io.pagewire.protocol.codec;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.Reject;
import java.util.Objects;

/**
 * What {@link PduFrameDecoder} emits instead of a PDU when the bytes break a rule.
 *
 * <p>Non-fatal: the PDU was framed soundly and skipped whole (AHS, data, padding, digests); answer
 * with a Reject and keep reading. Fatal: the stream can no longer be framed or trusted; the decoder
 * discards every later byte, and the connection is to be closed (at ErrorRecoveryLevel 0 a Reject
 * may go out first).
 *
 * <p>A header digest mismatch is reported as {@link RejectReason#PROTOCOL_ERROR}, fatal: §11.17.1
 * has no reason code for it, and §7.8 lets the receiver either resynchronise (not possible without
 * sync and steering, so not at ERL 0) or close the connection. The header copy is then untrusted;
 * a handler may skip the Reject and simply close.
 *
 * @param reason the Reject reason to answer with
 * @param header the 48-byte BHS of the offending PDU, as received (the Reject's data segment, §11.17.4)
 * @param fatal  whether the connection must be closed
 * @param detail what was wrong, for logs
 * @param headerCorrupt the header digest did not match: nothing in the header, not even the ITT a
 *                      Reject would echo, can be trusted (always fatal)
 */
public record DecodeFailure(RejectReason reason, byte[] header, boolean fatal, String detail, boolean headerCorrupt) {
    public DecodeFailure(RejectReason reason, byte[] header, boolean fatal, String detail) {
        this(reason, header, fatal, detail, false);
    }

    public DecodeFailure {
        if (headerCorrupt && !fatal) {
            throw new IllegalArgumentException("a corrupt header is always fatal");
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if (header.length != Bhs.LENGTH) {
            throw new IllegalArgumentException("header is the 48-byte BHS, got " + header.length);
        }
        header = header.clone();
    }

    /** A copy of the rejected BHS. */
    @Override
    public byte[] header() {
        return header.clone();
    }

    /** The Reject PDU answering this failure; its data segment is a fresh copy of the header. */
    public Reject toReject(int statSn, int expCmdSn, int maxCmdSn) {
        return new Reject(reason.value(), statSn, expCmdSn, maxCmdSn, 0, Unpooled.wrappedBuffer(header()));
    }
}
