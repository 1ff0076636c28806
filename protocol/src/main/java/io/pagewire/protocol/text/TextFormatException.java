package io.pagewire.protocol.text;

/**
 * Text data that violates RFC 7143 §6.1 (missing '=' or terminating NUL, over-long key or value,
 * invalid UTF-8) or exceeds the configured bound on a C-bit sequence. Login turns it into status
 * 0x0200 (initiator error); a Text Request into a Reject PDU.
 */
public final class TextFormatException extends Exception {
    public TextFormatException(String message) {
        super(message);
    }
}
