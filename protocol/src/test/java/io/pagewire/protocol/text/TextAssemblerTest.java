package io.pagewire.protocol.text;

import static io.pagewire.protocol.text.TextFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextAssemblerTest {

    private static Optional<List<KeyValue>> append(TextAssembler assembler, byte[] bytes, boolean cont)
            throws TextFormatException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return assembler.append(buf, cont);
        } finally {
            buf.release();
        }
    }

    @Test
    void pairSplitAcrossThreeSegmentsIsJoined() throws Exception {
        byte[] whole = text("InitiatorName=iqn.2016-04.com.open-iscsi:abc", "SessionType=Normal");
        TextAssembler assembler = new TextAssembler(65536);

        assertEquals(Optional.empty(), append(assembler, Arrays.copyOfRange(whole, 0, 10), true));
        assertTrue(assembler.inProgress());
        assertEquals(Optional.empty(), append(assembler, Arrays.copyOfRange(whole, 10, 50), true));
        Optional<List<KeyValue>> done = append(assembler, Arrays.copyOfRange(whole, 50, whole.length), false);

        assertEquals(List.of("InitiatorName=iqn.2016-04.com.open-iscsi:abc", "SessionType=Normal"),
                TextFixtures.strings(done.orElseThrow()));
        assertFalse(assembler.inProgress());
    }

    @Test
    void singleSegmentWithoutContinueIsDecodedAtOnce() throws Exception {
        TextAssembler assembler = new TextAssembler(8192);
        assertEquals(List.of(new KeyValue("A", "1")), append(assembler, text("A=1"), false).orElseThrow());
    }

    @Test
    void emptySegmentWithContinueStartsASequence() throws Exception {
        TextAssembler assembler = new TextAssembler(8192);
        assertEquals(Optional.empty(), append(assembler, new byte[0], true));
        assertTrue(assembler.inProgress());
        assertEquals(List.of(), append(assembler, new byte[0], false).orElseThrow());
    }

    @Test
    void exactlyTheBoundIsAccepted() throws Exception {
        TextAssembler assembler = new TextAssembler(8192);
        byte[] pair = text("X-a=" + "v".repeat(8192 - 5)); // 4 + 8187 + NUL = 8192 bytes
        assertEquals(8192, pair.length);
        assertEquals(Optional.empty(), append(assembler, Arrays.copyOfRange(pair, 0, 4096), true));
        assertEquals(1, append(assembler, Arrays.copyOfRange(pair, 4096, 8192), false).orElseThrow().size());
    }

    @Test
    void oneByteOverTheBoundFailsAndResets() throws Exception {
        TextAssembler assembler = new TextAssembler(8192);
        assertEquals(Optional.empty(), append(assembler, new byte[8000], true));
        TextFormatException e = assertThrows(TextFormatException.class, () -> append(assembler, new byte[193], true));
        assertEquals("text of more than 8192 bytes across continued PDUs", e.getMessage());
        assertFalse(assembler.inProgress());
        assertEquals(List.of(new KeyValue("A", "1")), append(assembler, text("A=1"), false).orElseThrow());
    }

    @Test
    void malformedJoinedTextFails() throws Exception {
        TextAssembler assembler = new TextAssembler(8192);
        assertEquals(Optional.empty(), append(assembler, "A=".getBytes(), true));
        assertThrows(TextFormatException.class, () -> append(assembler, "1".getBytes(), false));
    }

    @Test
    void boundBelow8192IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TextAssembler(8191));
    }
}
