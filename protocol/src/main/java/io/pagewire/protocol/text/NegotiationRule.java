package io.pagewire.protocol.text;

/**
 * How the responder computes its answer to an offered key (RFC 7143 §6.2, §6.2.1-§6.2.2 and the
 * "Result function" of each key in §13).
 */
public enum NegotiationRule {
    /** The sender declares its own value; no answer is sent. */
    DECLARATIVE,
    /** Numeric; the answer is min(offered, own value). */
    NUMERIC_MIN,
    /** Numeric; the answer is max(offered, own value). */
    NUMERIC_MAX,
    /** Yes/No; the answer is offered AND own value. */
    BOOLEAN_AND,
    /** Yes/No; the answer is offered OR own value. */
    BOOLEAN_OR,
    /** The answer is the first value of the offered list that the responder supports, else Reject. */
    LIST,
    /** A request for information (SendTargets); the answer is produced by whoever handles the query. */
    QUERY,
    /**
     * RFC 3720 keys that RFC 7143 obsoletes (IFMarker, OFMarker, IFMarkInt, OFMarkInt): answered with
     * Reject, which RFC 7143 prefers, and never with NotUnderstood, which it forbids.
     */
    OBSOLETE
}
