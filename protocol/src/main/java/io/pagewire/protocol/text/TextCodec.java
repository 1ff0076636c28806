package io.pagewire.protocol.text;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The iSCSI text format, RFC 7143 §6.1: UTF-8 {@code key=value} pairs, each terminated by one NUL.
 *
 * <p>Decoding checks the syntax only: key names are 1..63 bytes of letters, digits and
 * {@code . - + @ _ #} (the last for {@code X#} public extension keys); a value may be up to
 * {@link #MAX_LARGE_VALUE_BYTES} bytes here, and the negotiation table applies the 255-byte limit to
 * the keys that have it. Empty entries (two NULs in a row) are skipped, as initiators sometimes pad.
 */
public final class TextCodec {
    /** RFC 7143 §6.1: key names MUST NOT exceed 63 bytes. */
    public static final int MAX_KEY_BYTES = 63;
    /** RFC 7143 §6.1: the maximum length of an individual value, delimiter excluded. */
    public static final int MAX_VALUE_BYTES = 255;
    /** Upper bound for values that may be longer than 255 bytes (large binary values of security keys). */
    public static final int MAX_LARGE_VALUE_BYTES = 8192;

    private TextCodec() {
    }

    /** Decodes the readable bytes of {@code data} without moving its reader index. */
    public static List<KeyValue> decode(ByteBuf data) throws TextFormatException {
        byte[] bytes = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), bytes);
        return decode(bytes);
    }

    public static List<KeyValue> decode(byte[] data) throws TextFormatException {
        List<KeyValue> pairs = new ArrayList<>();
        int start = 0;
        while (start < data.length) {
            int nul = indexOf(data, (byte) 0, start, data.length);
            if (nul < 0) {
                throw new TextFormatException("key=value at offset " + start + " is not terminated by NUL");
            }
            if (nul > start) {
                pairs.add(pair(data, start, nul));
            }
            start = nul + 1;
        }
        return pairs;
    }

    public static byte[] encode(List<KeyValue> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (KeyValue pair : pairs) {
            byte[] key = pair.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = pair.value().getBytes(StandardCharsets.UTF_8);
            out.write(key, 0, key.length);
            out.write('=');
            out.write(value, 0, value.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Length of the value in UTF-8 bytes, the unit RFC 7143 §6.1 counts in. */
    public static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static KeyValue pair(byte[] data, int start, int end) throws TextFormatException {
        int equals = indexOf(data, (byte) '=', start, end);
        if (equals < 0) {
            throw new TextFormatException("no '=' in text entry at offset " + start);
        }
        int keyLength = equals - start;
        if (keyLength == 0 || keyLength > MAX_KEY_BYTES) {
            throw new TextFormatException("key name of " + keyLength + " bytes at offset " + start);
        }
        for (int i = start; i < equals; i++) {
            if (!isKeyChar(data[i])) {
                throw new TextFormatException("invalid character 0x" + Integer.toHexString(data[i] & 0xff)
                        + " in key name at offset " + i);
            }
        }
        int valueLength = end - equals - 1;
        if (valueLength > MAX_LARGE_VALUE_BYTES) {
            throw new TextFormatException("value of " + valueLength + " bytes at offset " + (equals + 1));
        }
        String key = new String(data, start, keyLength, StandardCharsets.US_ASCII);
        return new KeyValue(key, utf8(data, equals + 1, valueLength));
    }

    private static String utf8(byte[] data, int offset, int length) throws TextFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(data, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new TextFormatException("value at offset " + offset + " is not valid UTF-8");
        }
    }

    private static boolean isKeyChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '.' || b == '-' || b == '+' || b == '@' || b == '_' || b == '#';
    }

    private static int indexOf(byte[] data, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
