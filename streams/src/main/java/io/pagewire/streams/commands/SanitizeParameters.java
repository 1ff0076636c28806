package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseData;
import java.util.Arrays;
import java.util.Objects;

/**
 * The parameter list of SANITIZE with the OVERWRITE service action (SBC-3 §5.30.2 table 61): INVERT,
 * TEST and OVERWRITE COUNT in byte 0, a reserved byte, the 2-byte INITIALIZATION PATTERN LENGTH and
 * the pattern. Checked as a whole before anything is written; a bad field is INVALID FIELD IN
 * PARAMETER LIST pointing at it.
 */
public final class SanitizeParameters {

    static final int HEADER_LENGTH = 4;
    static final int FLAGS = 0;
    static final int INVERT_BIT = 7;
    static final int TEST_MSB = 6;
    static final int RESERVED = 1;
    static final int PATTERN_LENGTH = 2;

    private SanitizeParameters() {
    }

    /** An OVERWRITE's parameters, or why the list is refused (exactly one is not null). */
    public record Decoded(Overwrite overwrite, SenseData refusal) {
    }

    /**
     * What OVERWRITE writes: {@code count} passes (1..31) of {@code pattern} repeated to fill each
     * logical block from its first byte; with {@code invert} the pattern is complemented between
     * consecutive passes, the first pass inverted when the count is even so that the last pass is
     * always the pattern itself (SBC-4 §5.30.3.2).
     */
    public record Overwrite(int count, boolean invert, byte[] pattern) {
        public Overwrite {
            Objects.requireNonNull(pattern, "pattern");
            if (count < 1 || count > 31) {
                throw new IllegalArgumentException("OVERWRITE COUNT is 1..31, got " + count);
            }
            if (pattern.length == 0) {
                throw new IllegalArgumentException("an empty pattern");
            }
            pattern = pattern.clone();
        }

        /** Whether pass {@code pass} (0-based) writes the complemented pattern. */
        public boolean inverted(int pass) {
            return invert && (count - pass) % 2 == 0;
        }

        /** One logical block of {@code blockSize} bytes as pass {@code pass} writes it. */
        public byte[] block(int blockSize, int pass) {
            byte[] block = new byte[blockSize];
            boolean complement = inverted(pass);
            for (int i = 0; i < blockSize; i++) {
                byte b = pattern[i % pattern.length];
                block[i] = complement ? (byte) ~b : b;
            }
            return block;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Overwrite other && count == other.count && invert == other.invert
                    && Arrays.equals(pattern, other.pattern);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * count + Boolean.hashCode(invert)) + Arrays.hashCode(pattern);
        }

        @Override
        public String toString() {
            return "Overwrite[count=" + count + ", invert=" + invert + ", pattern of " + pattern.length + " bytes]";
        }
    }

    /**
     * Decodes the OVERWRITE parameter list for a unit with {@code blockSize}-byte blocks. The CDB's
     * PARAMETER LIST LENGTH has been checked already (5 to block length + 4); this checks the fields.
     */
    public static Decoded decode(byte[] list, int blockSize) {
        if (list.length <= HEADER_LENGTH) {
            return refuse(SenseData.invalidFieldInParameterList(PATTERN_LENGTH, -1));
        }
        int test = Cdb.bits(list, FLAGS, 5, 2);
        if (test != 0) {
            // TEST (SBC-4 table 62): 00b is normal operation; the others are vendor test modes we do not have.
            return refuse(SenseData.invalidFieldInParameterList(FLAGS, TEST_MSB));
        }
        int count = Cdb.bits(list, FLAGS, 0, 5);
        if (count == 0) {
            return refuse(SenseData.invalidFieldInParameterList(FLAGS, 4)); // OVERWRITE COUNT 00h is reserved
        }
        if (list[RESERVED] != 0) {
            return refuse(SenseData.invalidFieldInParameterList(RESERVED, -1));
        }
        int patternLength = Cdb.uint16(list, PATTERN_LENGTH);
        // SBC-3 §5.30.2: 0 or more than the logical block length is INVALID FIELD IN PARAMETER LIST; so is a
        // pattern longer than the bytes that were sent.
        if (patternLength == 0 || patternLength > blockSize || patternLength > list.length - HEADER_LENGTH) {
            return refuse(SenseData.invalidFieldInParameterList(PATTERN_LENGTH, -1));
        }
        byte[] pattern = Arrays.copyOfRange(list, HEADER_LENGTH, HEADER_LENGTH + patternLength);
        return new Decoded(new Overwrite(count, Cdb.bit(list, FLAGS, INVERT_BIT), pattern), null);
    }

    private static Decoded refuse(SenseData sense) {
        return new Decoded(null, sense);
    }
}
