package io.pagewire.streams.commands;

import java.nio.charset.StandardCharsets;

/** Big-endian writers for building parameter data (INQUIRY, MODE SENSE, READ CAPACITY ...). */
final class ParameterBytes {

    private ParameterBytes() {
    }

    static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 8);
        b[offset + 1] = (byte) value;
    }

    static void put32(byte[] b, int offset, long value) {
        put16(b, offset, (int) (value >>> 16));
        put16(b, offset + 2, (int) value);
    }

    static void put64(byte[] b, int offset, long value) {
        put32(b, offset, value >>> 32);
        put32(b, offset + 4, value);
    }

    /** {@code text} (ASCII) left-aligned in a {@code width}-byte field padded with spaces (SPC-4 §4.4.1). */
    static void putAsciiPadded(byte[] b, int offset, String text, int width) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(ascii.length, width);
        System.arraycopy(ascii, 0, b, offset, n);
        for (int i = n; i < width; i++) {
            b[offset + i] = ' ';
        }
    }
}
