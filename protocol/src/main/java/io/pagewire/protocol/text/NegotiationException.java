package io.pagewire.protocol.text;

/**
 * A negotiation the responder must refuse as a whole rather than answer key by key: a key offered
 * twice (RFC 7143 §6.2: "MUST result in a Login reject (initiator error)"), a key the initiator may
 * not send, or a key outside its login stage. Login maps it to status 0x0200.
 */
public final class NegotiationException extends Exception {
    public NegotiationException(String message) {
        super(message);
    }
}
