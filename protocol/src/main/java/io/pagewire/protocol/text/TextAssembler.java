package io.pagewire.protocol.text;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Joins the data segments of a C-bit sequence (RFC 7143 §11.10.2, §11.12.2: a key=value pair may
 * start in one PDU and end in the next) into one text, bounded in total size. Copies the bytes; the
 * caller keeps ownership of the buffers it passes in.
 */
public final class TextAssembler {
    private final int maxBytes;
    private byte[] buffer = new byte[0];
    private int length;
    private boolean started;

    /** @param maxBytes the largest text accepted across one C-bit sequence (e.g. 65536) */
    public TextAssembler(int maxBytes) {
        if (maxBytes < 8192) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " < 8192 (RFC 7143 §6.1 minimum)");
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one PDU's data segment (its readable bytes; the reader index is not moved).
     *
     * @param cont the PDU's C bit
     * @return the decoded text once a PDU with C=0 ends the sequence; empty while more is to come
     * @throws TextFormatException when the sequence grows past the bound or the text is malformed;
     *         the assembler is then empty again
     */
    public Optional<List<KeyValue>> append(ByteBuf segment, boolean cont) throws TextFormatException {
        int added = segment.readableBytes();
        if (added > maxBytes - length) {
            reset();
            throw new TextFormatException("text of more than " + maxBytes + " bytes across continued PDUs");
        }
        if (length + added > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + added, Math.min(maxBytes, buffer.length * 2)));
        }
        segment.getBytes(segment.readerIndex(), buffer, length, added);
        length += added;
        if (cont) {
            started = true;
            return Optional.empty();
        }
        byte[] text = Arrays.copyOf(buffer, length);
        reset();
        return Optional.of(TextCodec.decode(text));
    }

    /** True while a sequence has started (a PDU with C=1 was added) and not yet ended. */
    public boolean inProgress() {
        return started;
    }

    public void reset() {
        buffer = new byte[0];
        length = 0;
        started = false;
    }
}
