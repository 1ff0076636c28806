package io.pagewire.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of the RFC 7143 §6.1 text format: any bytes decode to pairs or fail with
 * {@link TextFormatException} (never another exception), and what decodes re-encodes to text that
 * decodes to the same pairs. Tries come from {@code jqwik.tries.default} ({@code -Pfuzz} raises it).
 */
class TextCodecFuzzTest {

    @Property
    void anyBytesDecodeOrFailWithTextFormatException(@ForAll @Size(max = 2000) byte[] data) {
        decodeAndRoundTrip(data);
    }

    /** Text-like bytes: key characters, '=', NULs and some UTF-8, so more inputs get past the first check. */
    @Property
    void textLikeBytesDecodeOrFailWithTextFormatException(@ForAll("textLike") byte[] data) {
        decodeAndRoundTrip(data);
    }

    @Property
    void encodedPairsDecodeToThemselves(@ForAll("pairs") List<KeyValue> pairs) throws TextFormatException {
        assertEquals(pairs, TextCodec.decode(TextCodec.encode(pairs)));
    }

    private static void decodeAndRoundTrip(byte[] data) {
        List<KeyValue> pairs;
        try {
            pairs = TextCodec.decode(data);
        } catch (TextFormatException e) {
            return; // the one permitted failure
        }
        for (KeyValue pair : pairs) {
            assertTrue(pair.key().length() <= TextCodec.MAX_KEY_BYTES, pair::toString);
            assertTrue(TextCodec.utf8Length(pair.value()) <= TextCodec.MAX_LARGE_VALUE_BYTES, pair::toString);
        }
        try {
            assertEquals(pairs, TextCodec.decode(TextCodec.encode(pairs)));
        } catch (TextFormatException e) {
            throw new AssertionError("decoded pairs do not re-encode: " + pairs, e);
        }
    }

    @Provide
    Arbitrary<byte[]> textLike() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("=", "\0", "\0\0", "MaxBurstLength", "X-com.example", "X#a", "é", "\u20ac",
                        "Yes", "No", "0x10", "None,CRC32C"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(70),
                Arbitraries.strings().ofMaxLength(5));
        return piece.list().ofMaxSize(40).map(parts -> {
            List<byte[]> bytes = new ArrayList<>();
            int total = 0;
            for (String part : parts) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                bytes.add(b);
                total += b.length;
            }
            byte[] all = new byte[total];
            int at = 0;
            for (byte[] b : bytes) {
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            }
            return all;
        });
    }

    @Provide
    Arbitrary<List<KeyValue>> pairs() {
        Arbitrary<String> key = Arbitraries.strings().withChars("abcxyzABCXYZ019.-+@_#").ofMinLength(1)
                .ofMaxLength(TextCodec.MAX_KEY_BYTES);
        Arbitrary<String> value = Arbitraries.strings().excludeChars('\0').ofMaxLength(300)
                .filter(v -> TextCodec.utf8Length(v) <= TextCodec.MAX_LARGE_VALUE_BYTES
                        && v.equals(new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        return Combinators.combine(key, value).as(KeyValue::new).list().ofMaxSize(20);
    }
}
