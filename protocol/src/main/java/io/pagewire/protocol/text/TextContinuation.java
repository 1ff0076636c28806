package io.pagewire.protocol.text;

import java.util.Arrays;

/**
 * The outgoing side of the C bit: response text longer than the peer's receive limit is sent in
 * pieces (RFC 7143 §11.11.2, §11.13.2), every piece but the last with C=1, each piece fetched by the
 * initiator's empty follow-up request. Pieces are cut at exact byte counts, so a key=value pair may
 * span two PDUs, which the C bit allows.
 */
public final class TextContinuation {
    private final byte[] text;
    private int offset;

    public TextContinuation(byte[] text) {
        this.text = text.clone();
    }

    /** The next piece of at most {@code maxSegmentLength} bytes. */
    public byte[] next(int maxSegmentLength) {
        if (maxSegmentLength <= 0) {
            throw new IllegalArgumentException("maxSegmentLength " + maxSegmentLength);
        }
        int end = Math.min(text.length, offset + maxSegmentLength);
        byte[] piece = Arrays.copyOfRange(text, offset, end);
        offset = end;
        return piece;
    }

    /** True while pieces remain after those already taken. */
    public boolean hasRemaining() {
        return offset < text.length;
    }
}
