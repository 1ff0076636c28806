package io.pagewire.protocol.text;

import static io.pagewire.protocol.text.TextFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextCodecTest {

    @Test
    void decodesPairsInOrder() throws Exception {
        byte[] data = "InitiatorName=iqn.1994-05.com.redhat:abc\0SessionType=Normal\0".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(new KeyValue("InitiatorName", "iqn.1994-05.com.redhat:abc"),
                new KeyValue("SessionType", "Normal")), TextCodec.decode(data));
    }

    @Test
    void encodesEachPairWithOneNul() {
        byte[] encoded = TextCodec.encode(List.of(new KeyValue("HeaderDigest", "None"), new KeyValue("X", "")));
        assertArrayEquals("HeaderDigest=None\0X=\0".getBytes(StandardCharsets.US_ASCII), encoded);
    }

    @Test
    void valueMayContainEqualsSign() throws Exception {
        assertEquals(List.of(new KeyValue("TargetAlias", "a=b")), TextCodec.decode(text("TargetAlias=a=b")));
    }

    @Test
    void emptyEntriesAreSkipped() throws Exception {
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "2")),
                TextCodec.decode("A=1\0\0B=2\0\0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyTextIsNoPairs() throws Exception {
        assertEquals(List.of(), TextCodec.decode(new byte[0]));
    }

    @Test
    void missingTerminatingNulIsAnError() {
        TextFormatException e = assertThrows(TextFormatException.class,
                () -> TextCodec.decode("A=1\0B=2".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("key=value at offset 4 is not terminated by NUL", e.getMessage());
    }

    @Test
    void missingEqualsIsAnError() {
        assertThrows(TextFormatException.class, () -> TextCodec.decode(text("JustAKey")));
    }

    @Test
    void emptyKeyIsAnError() {
        assertThrows(TextFormatException.class, () -> TextCodec.decode(text("=value")));
    }

    @Test
    void keyOf63BytesIsAcceptedAnd64Rejected() throws Exception {
        String key63 = "X-" + "k".repeat(61);
        assertEquals(key63, TextCodec.decode(text(key63 + "=v")).get(0).key());
        assertThrows(TextFormatException.class, () -> TextCodec.decode(text(key63 + "k=v")));
    }

    @Test
    void keyWithSpaceIsAnError() {
        assertThrows(TextFormatException.class, () -> TextCodec.decode(text("Bad Key=v")));
    }

    @Test
    void publicExtensionKeyWithHashIsAccepted() throws Exception {
        assertEquals("X#NodeArchitecture", TextCodec.decode(text("X#NodeArchitecture=Linux")).get(0).key());
    }

    @Test
    void valueOf8192BytesIsAcceptedAnd8193Rejected() throws Exception {
        assertEquals(8192, TextCodec.decode(text("CHAP_C=" + "a".repeat(8192))).get(0).value().length());
        assertThrows(TextFormatException.class, () -> TextCodec.decode(text("CHAP_C=" + "a".repeat(8193))));
    }

    @Test
    void utf8ValuesRoundTrip() throws Exception {
        List<KeyValue> pairs = List.of(new KeyValue("InitiatorAlias", "büro-rechner"));
        byte[] encoded = TextCodec.encode(pairs);
        assertEquals(15 + 13 + 1, encoded.length); // "ü" is two bytes
        assertEquals(pairs, TextCodec.decode(encoded));
    }

    @Test
    void invalidUtf8IsAnError() {
        byte[] data = {'A', '=', (byte) 0xc3, (byte) 0x28, 0};
        assertThrows(TextFormatException.class, () -> TextCodec.decode(data));
    }

    @Test
    void decodingABufferReadsOnlyReadableBytesAndLeavesItsReaderIndex() throws Exception {
        ByteBuf buf = Unpooled.buffer().writeBytes("junk".getBytes(StandardCharsets.US_ASCII)).writeBytes(text("A=1", "B=2"));
        try {
            buf.readerIndex(4);
            assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "2")), TextCodec.decode(buf));
            assertEquals(4, buf.readerIndex());
        } finally {
            buf.release();
        }
    }
}
