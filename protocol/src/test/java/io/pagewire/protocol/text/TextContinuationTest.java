package io.pagewire.protocol.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextContinuationTest {

    @Test
    void splitsAtExactByteCounts() {
        byte[] text = new byte[20000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) i;
        }
        TextContinuation continuation = new TextContinuation(text);

        byte[] first = continuation.next(8192);
        assertTrue(continuation.hasRemaining());
        byte[] second = continuation.next(8192);
        assertTrue(continuation.hasRemaining());
        byte[] third = continuation.next(8192);
        assertFalse(continuation.hasRemaining());

        assertArrayEquals(Arrays.copyOfRange(text, 0, 8192), first);
        assertArrayEquals(Arrays.copyOfRange(text, 8192, 16384), second);
        assertEquals(20000 - 16384, third.length);
        assertArrayEquals(Arrays.copyOfRange(text, 16384, 20000), third);
    }

    @Test
    void shortTextIsOnePiece() {
        TextContinuation continuation = new TextContinuation(new byte[] {'A', '=', '1', 0});
        assertEquals(4, continuation.next(8192).length);
        assertFalse(continuation.hasRemaining());
    }

    @Test
    void emptyTextIsOneEmptyPiece() {
        TextContinuation continuation = new TextContinuation(new byte[0]);
        assertFalse(continuation.hasRemaining());
        assertEquals(0, continuation.next(8192).length);
    }
}
