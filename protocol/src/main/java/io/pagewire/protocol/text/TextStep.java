package io.pagewire.protocol.text;

import io.pagewire.protocol.codec.RejectReason;
import java.util.Objects;

/** What the Session actor sends in reply to one Text Request; see {@link TextExchange}. */
public sealed interface TextStep {

    /**
     * A Text Response (RFC 7143 §11.11): copy the fields into the PDU, with the request's ITT and LUN
     * and the session's sequence numbers.
     *
     * @param finalFlag F bit
     * @param cont      C bit: the text continues in the next response
     * @param ttt       Target Transfer Tag; 0xffffffff when the exchange is over
     * @param data      the data segment (a fresh array, owned by the caller)
     */
    record Answer(boolean finalFlag, boolean cont, int ttt, byte[] data) implements TextStep {
    }

    /**
     * The Text Request must be rejected with a Reject PDU (RFC 7143 §11.17) carrying this reason and
     * the request's BHS; the pending exchange, if any, is dropped. Reasons used: PROTOCOL_ERROR for
     * malformed or duplicate text and C=1 with F=1, INVALID_PDU_FIELD for a TTT or ITT that does not
     * match the pending exchange.
     */
    record RejectPdu(RejectReason reason) implements TextStep {
        public RejectPdu {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
