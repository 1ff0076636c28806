package io.pagewire.protocol.text;

import io.pagewire.protocol.codec.RejectReason;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.TextRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers the Text Requests of one session in full feature phase (RFC 7143 §11.10, §11.11). Owned
 * by the Session actor and called only from it; plain state, no locking.
 *
 * <p>Long texts go both ways. A request with C=1 is acknowledged by an empty response with F=0 and
 * a Target Transfer Tag; the initiator continues with the same ITT and that TTT. An answer longer
 * than the initiator's MaxRecvDataSegmentLength goes out in pieces, each but the last with C=1, F=0
 * and the TTT; the initiator fetches each next piece with an empty request carrying the TTT. The
 * last piece has the request's F bit and, when F=1, TTT 0xffffffff.
 *
 * <p>A request with TTT 0xffffffff starts a new exchange and drops any pending one. A TTT or ITT that
 * does not match the pending exchange is rejected (Invalid PDU field), malformed or duplicate text too
 * (Protocol error).
 *
 * <p>Keys: SendTargets per {@link SendTargets}; InitiatorAlias accepted silently; keys that may only
 * be sent at login and operational keys (renegotiation is not supported yet) get Reject; unknown keys
 * NotUnderstood.
 */
public final class TextExchange {
    private final TargetDirectory directory;
    private final OperationalParameters session;
    private final TextAssembler assembler;
    private final int maxSegment;
    private int lastTtt;

    private int itt;
    private int ttt = Pdu.RESERVED_TAG;
    private Negotiator negotiator;
    private TextContinuation pending;

    /** With 64 KiB of text per C-bit sequence. */
    public TextExchange(TargetDirectory directory, OperationalParameters session) {
        this(directory, session, 65536);
    }

    /**
     * @param session      the negotiated parameters: session type and target name select the SendTargets
     *                     answer, the initiator's MaxRecvDataSegmentLength sizes the pieces
     * @param maxTextBytes bound on the text of one C-bit sequence from the initiator
     */
    public TextExchange(TargetDirectory directory, OperationalParameters session, int maxTextBytes) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.session = Objects.requireNonNull(session, "session");
        this.assembler = new TextAssembler(maxTextBytes);
        this.maxSegment = session.initiatorMaxRecvDataSegmentLength();
    }

    /** Decides the reply to one Text Request; does not release it. */
    public TextStep onRequest(TextRequest request) {
        if (request.ttt() == Pdu.RESERVED_TAG) {
            start(request.itt());
        } else if (ttt == Pdu.RESERVED_TAG || request.ttt() != ttt || request.itt() != itt) {
            drop();
            return new TextStep.RejectPdu(RejectReason.INVALID_PDU_FIELD);
        }
        if (pending != null) {
            if (request.data().isReadable() || request.cont()) {
                drop();
                return new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR);
            }
            return nextPiece(request.finalFlag());
        }
        if (request.cont() && request.finalFlag()) {
            drop();
            return new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR);
        }
        try {
            Optional<List<KeyValue>> text = assembler.append(request.data(), request.cont());
            if (text.isEmpty()) {
                return new TextStep.Answer(false, false, transferTag(), new byte[0]);
            }
            List<KeyValue> answers = negotiator.respond(text.get(), NegotiationContext.fullFeature(
                    query -> SendTargets.answer(query.value(), directory, session)));
            pending = new TextContinuation(TextCodec.encode(answers));
            return nextPiece(request.finalFlag());
        } catch (TextFormatException | NegotiationException e) {
            drop();
            return new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR);
        }
    }

    private TextStep nextPiece(boolean finalFlag) {
        byte[] piece = pending.next(maxSegment);
        if (pending.hasRemaining()) {
            return new TextStep.Answer(false, true, transferTag(), piece);
        }
        pending = null;
        if (finalFlag) {
            drop();
            return new TextStep.Answer(true, false, Pdu.RESERVED_TAG, piece);
        }
        return new TextStep.Answer(false, false, transferTag(), piece);
    }

    private void start(int newItt) {
        drop();
        itt = newItt;
        negotiator = new Negotiator(Map.of());
    }

    private void drop() {
        assembler.reset();
        pending = null;
        negotiator = new Negotiator(Map.of());
        ttt = Pdu.RESERVED_TAG;
    }

    /** The exchange's TTT, assigned on first need; never the reserved value. */
    private int transferTag() {
        if (ttt == Pdu.RESERVED_TAG) {
            lastTtt = lastTtt + 1 == Pdu.RESERVED_TAG ? 1 : lastTtt + 1;
            ttt = lastTtt;
        }
        return ttt;
    }
}
