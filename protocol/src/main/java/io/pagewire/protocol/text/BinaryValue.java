package io.pagewire.protocol.text;

import java.util.Base64;
import java.util.HexFormat;

/**
 * RFC 7143 §6.1 binary-value: hex with a {@code 0x}/{@code 0X} prefix or base64 with a {@code 0b}/{@code 0B}
 * prefix. Used by the CHAP keys, whose challenge and response are large-binary-values.
 */
public final class BinaryValue {
    private BinaryValue() {
    }

    /**
     * @return the bytes, or null when the text is not a well-formed binary-value or decodes to more
     *         than {@code maxBytes} bytes
     */
    public static byte[] decode(String text, int maxBytes) {
        if (text == null || text.length() < 3 || text.charAt(0) != '0') {
            return null;
        }
        char form = Character.toLowerCase(text.charAt(1));
        String digits = text.substring(2);
        byte[] bytes;
        try {
            if (form == 'x') {
                // §6.1: a hex constant may have an odd number of digits; it is then left-padded with a zero.
                bytes = HexFormat.of().parseHex(digits.length() % 2 == 0 ? digits : "0" + digits);
            } else if (form == 'b') {
                bytes = Base64.getDecoder().decode(digits);
            } else {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return bytes.length == 0 || bytes.length > maxBytes ? null : bytes;
    }

    /** Hex form, {@code 0x} and lower-case digits (what open-iscsi and libiscsi send and expect). */
    public static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
