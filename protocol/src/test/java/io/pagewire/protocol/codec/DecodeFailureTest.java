package io.pagewire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecodeFailureTest {

    @Test
    void headerIsTheFortyEightByteBhsAndCannotBeChangedFromOutside() {
        byte[] header = new byte[48];
        DecodeFailure failure = new DecodeFailure(RejectReason.PROTOCOL_ERROR, header, true, "x");
        header[0] = 1;
        failure.header()[1] = 1;
        assertEquals(0, failure.header()[0]);
        assertEquals(0, failure.header()[1]);
    }

    @Test
    void headerOfAnotherLengthIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new DecodeFailure(RejectReason.PROTOCOL_ERROR, new byte[47], true, "x"));
    }
}
