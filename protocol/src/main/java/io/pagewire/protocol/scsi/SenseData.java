package io.pagewire.protocol.scsi;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sense data for CHECK CONDITION (SPC-4 §4.5): a {@link SenseCode}, optionally the INFORMATION field
 * and, for ILLEGAL REQUEST, the sense-key-specific field pointer (SPC-4 §4.5.2.4.2) that tells the
 * initiator which CDB or parameter-list byte was wrong, or, for NOT READY, the progress indication
 * (SPC-4 §4.5.2.4.4) of an operation under way (a sanitize). Immutable. The one place sense bytes are
 * built: {@link #encode(boolean)} writes fixed (70h) or descriptor (72h) format.
 */
public final class SenseData {

    /** Length of fixed-format sense data as encoded here: 8-byte header + ADDITIONAL SENSE LENGTH 10. */
    public static final int FIXED_LENGTH = 18;

    private static final int FIXED_CURRENT = 0x70;
    private static final int DESCRIPTOR_CURRENT = 0x72;
    private static final int VALID = 0x80;
    private static final int FIXED_ADDITIONAL_LENGTH = FIXED_LENGTH - 8;
    private static final int DESCRIPTOR_HEADER_LENGTH = 8;
    private static final int INFORMATION_DESCRIPTOR = 0x00;
    private static final int INFORMATION_DESCRIPTOR_LENGTH = 12;
    private static final int SENSE_KEY_SPECIFIC_DESCRIPTOR = 0x02;
    private static final int SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH = 8;

    // fixed-format offsets, SPC-4 §4.5.3 table 42
    private static final int FIXED_SENSE_KEY = 2;
    private static final int FIXED_INFORMATION = 3;
    private static final int FIXED_ADDITIONAL_SENSE_LENGTH = 7;
    private static final int FIXED_ASC = 12;
    private static final int FIXED_ASCQ = 13;
    private static final int FIXED_SENSE_KEY_SPECIFIC = 15;

    // descriptor-format offsets, SPC-4 §4.5.2.1 table 26
    private static final int DESCRIPTOR_SENSE_KEY = 1;
    private static final int DESCRIPTOR_ASC = 2;
    private static final int DESCRIPTOR_ASCQ = 3;
    private static final int DESCRIPTOR_ADDITIONAL_SENSE_LENGTH = 7;

    private static final int NO_PROGRESS = -1;
    /** PROGRESS INDICATION is a fraction of 65536 (SPC-4 §4.5.2.4.4). */
    public static final int PROGRESS_DENOMINATOR = 0x10000;

    private static final SenseData[] PLAIN = new SenseData[SenseCode.values().length];

    static {
        for (SenseCode code : SenseCode.values()) {
            PLAIN[code.ordinal()] = new SenseData(code, false, 0, null, NO_PROGRESS);
        }
    }

    /**
     * The field pointer of the sense-key-specific bytes: which byte (and optionally which bit) of the
     * CDB ({@code inCdb}, C/D = 1) or of the parameter list (C/D = 0) is in error.
     *
     * @param bit the bit within the byte, 0..7, or -1 when the whole byte is meant (BPV = 0); for a
     *            multi-bit field it is the field's most significant bit
     */
    public record FieldPointer(boolean inCdb, int byteOffset, int bit) {
        public FieldPointer {
            if (byteOffset < 0 || byteOffset > 0xFFFF) {
                throw new IllegalArgumentException("field pointer is 16 bits, got " + byteOffset);
            }
            if (bit < -1 || bit > 7) {
                throw new IllegalArgumentException("bit pointer is 0..7 or -1, got " + bit);
            }
        }

        /** A bit (or multi-bit field, by its most significant bit) in the CDB. */
        public static FieldPointer cdb(int byteOffset, int bit) {
            return new FieldPointer(true, byteOffset, bit);
        }

        /** A whole byte (or a multi-byte field, by its first byte) in the CDB. */
        public static FieldPointer cdb(int byteOffset) {
            return new FieldPointer(true, byteOffset, -1);
        }

        /** A field in the parameter list sent with the command. */
        public static FieldPointer parameterList(int byteOffset, int bit) {
            return new FieldPointer(false, byteOffset, bit);
        }

        /** The three sense-key-specific bytes, SKSV set (SPC-4 §4.5.2.4.2 table 32). */
        void writeTo(byte[] dst, int offset) {
            int flags = VALID;
            if (inCdb) {
                flags |= 0x40;
            }
            if (bit >= 0) {
                flags |= 0x08 | bit;
            }
            dst[offset] = (byte) flags;
            dst[offset + 1] = (byte) (byteOffset >>> 8);
            dst[offset + 2] = (byte) byteOffset;
        }
    }

    private final SenseCode code;
    private final boolean informationValid;
    private final long information;
    private final FieldPointer fieldPointer;
    private final int progress;

    private SenseData(SenseCode code, boolean informationValid, long information, FieldPointer fieldPointer,
                      int progress) {
        this.code = code;
        this.informationValid = informationValid;
        this.information = information;
        this.fieldPointer = fieldPointer;
        this.progress = progress;
    }

    /** Sense data with this code and no INFORMATION field. */
    public static SenseData of(SenseCode code) {
        return PLAIN[Objects.requireNonNull(code, "code").ordinal()];
    }

    /**
     * Sense data with a valid INFORMATION field (taken as an unsigned 64-bit value, e.g. an LBA). Fixed
     * format carries 4 bytes of it; a value that does not fit is sent with VALID = 0 in fixed format
     * (SPC-4 §4.5.3) and in full in descriptor format.
     */
    public static SenseData of(SenseCode code, long information) {
        return new SenseData(Objects.requireNonNull(code, "code"), true, information, null, NO_PROGRESS);
    }

    /**
     * NOT READY sense data with a progress indication in the sense-key-specific bytes (SKSV = 1,
     * SPC-4 §4.5.2.4.4): {@code progress} of {@value #PROGRESS_DENOMINATOR} is done.
     */
    public static SenseData withProgress(SenseCode code, int progress) {
        Objects.requireNonNull(code, "code");
        if (code.key() != SenseKey.NOT_READY && code.key() != SenseKey.NO_SENSE) {
            throw new IllegalArgumentException("a progress indication goes with NOT READY or NO SENSE, not " + code);
        }
        if (progress < 0 || progress >= PROGRESS_DENOMINATOR) {
            throw new IllegalArgumentException("progress is 0..65535, got " + progress);
        }
        return new SenseData(code, false, 0, null, progress);
    }

    /** ILLEGAL REQUEST sense data that points at the offending field. */
    public static SenseData of(SenseCode code, FieldPointer pointer) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(pointer, "pointer");
        if (code.key() != SenseKey.ILLEGAL_REQUEST) {
            throw new IllegalArgumentException("a field pointer goes with ILLEGAL REQUEST, not " + code);
        }
        return new SenseData(code, false, 0, pointer, NO_PROGRESS);
    }

    /** INVALID FIELD IN CDB pointing at {@code bit} (-1: the whole field) of CDB byte {@code byteOffset}. */
    public static SenseData invalidFieldInCdb(int byteOffset, int bit) {
        return of(SenseCode.INVALID_FIELD_IN_CDB, FieldPointer.cdb(byteOffset, bit));
    }

    /** INVALID FIELD IN PARAMETER LIST pointing at {@code bit} (-1: the whole field) of byte {@code byteOffset}. */
    public static SenseData invalidFieldInParameterList(int byteOffset, int bit) {
        return of(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, FieldPointer.parameterList(byteOffset, bit));
    }

    public SenseCode code() {
        return code;
    }

    public SenseKey key() {
        return code.key();
    }

    /** The INFORMATION field, when valid. */
    public OptionalLong information() {
        return informationValid ? OptionalLong.of(information) : OptionalLong.empty();
    }

    public Optional<FieldPointer> fieldPointer() {
        return Optional.ofNullable(fieldPointer);
    }

    /** The progress indication (of 65536), when there is one. */
    public OptionalInt progress() {
        return progress == NO_PROGRESS ? OptionalInt.empty() : OptionalInt.of(progress);
    }

    private boolean senseKeySpecific() {
        return fieldPointer != null || progress != NO_PROGRESS;
    }

    /** The three sense-key-specific bytes: the field pointer or the progress indication. */
    private void writeSenseKeySpecific(byte[] b, int offset) {
        if (fieldPointer != null) {
            fieldPointer.writeTo(b, offset);
        } else {
            b[offset] = (byte) VALID; // SKSV
            b[offset + 1] = (byte) (progress >>> 8);
            b[offset + 2] = (byte) progress;
        }
    }

    /**
     * The sense bytes: fixed format 70h (always {@value #FIXED_LENGTH} bytes) or descriptor format 72h
     * (8-byte header, then an information descriptor (type 00h) when INFORMATION is valid and a
     * sense-key-specific descriptor (type 02h) when there is a field pointer). Current errors only.
     * A fresh array on every call.
     */
    public byte[] encode(boolean descriptorFormat) {
        return descriptorFormat ? encodeDescriptor() : encodeFixed();
    }

    private byte[] encodeFixed() {
        byte[] b = new byte[FIXED_LENGTH];
        boolean fits = informationValid && (information >>> 32) == 0;
        b[0] = (byte) (fits ? FIXED_CURRENT | VALID : FIXED_CURRENT);
        b[FIXED_SENSE_KEY] = (byte) code.key().value();
        if (fits) {
            putInt(b, FIXED_INFORMATION, (int) information);
        }
        b[FIXED_ADDITIONAL_SENSE_LENGTH] = FIXED_ADDITIONAL_LENGTH;
        b[FIXED_ASC] = (byte) code.asc();
        b[FIXED_ASCQ] = (byte) code.ascq();
        if (senseKeySpecific()) {
            writeSenseKeySpecific(b, FIXED_SENSE_KEY_SPECIFIC);
        }
        return b;
    }

    private byte[] encodeDescriptor() {
        int length = DESCRIPTOR_HEADER_LENGTH
                + (informationValid ? INFORMATION_DESCRIPTOR_LENGTH : 0)
                + (senseKeySpecific() ? SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH : 0);
        byte[] b = new byte[length];
        b[0] = DESCRIPTOR_CURRENT;
        b[DESCRIPTOR_SENSE_KEY] = (byte) code.key().value();
        b[DESCRIPTOR_ASC] = (byte) code.asc();
        b[DESCRIPTOR_ASCQ] = (byte) code.ascq();
        b[DESCRIPTOR_ADDITIONAL_SENSE_LENGTH] = (byte) (length - DESCRIPTOR_HEADER_LENGTH);
        int at = DESCRIPTOR_HEADER_LENGTH;
        if (informationValid) {
            // SPC-4 §4.5.2.2: type, ADDITIONAL LENGTH 0Ah, VALID, reserved, 8-byte INFORMATION
            b[at] = INFORMATION_DESCRIPTOR;
            b[at + 1] = INFORMATION_DESCRIPTOR_LENGTH - 2;
            b[at + 2] = (byte) VALID;
            putInt(b, at + 4, (int) (information >>> 32));
            putInt(b, at + 8, (int) information);
            at += INFORMATION_DESCRIPTOR_LENGTH;
        }
        if (senseKeySpecific()) {
            // SPC-4 §4.5.2.4: type, ADDITIONAL LENGTH 06h, 2 reserved, 3 sense-key-specific, reserved
            b[at] = SENSE_KEY_SPECIFIC_DESCRIPTOR;
            b[at + 1] = SENSE_KEY_SPECIFIC_DESCRIPTOR_LENGTH - 2;
            writeSenseKeySpecific(b, at + 4);
        }
        return b;
    }

    private static void putInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SenseData other
                && code == other.code
                && informationValid == other.informationValid
                && information == other.information
                && Objects.equals(fieldPointer, other.fieldPointer)
                && progress == other.progress;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, informationValid, information, fieldPointer, progress);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SenseData[").append(code);
        if (informationValid) {
            s.append(", information=0x").append(Long.toHexString(information));
        }
        if (fieldPointer != null) {
            s.append(", ").append(fieldPointer);
        }
        if (progress != NO_PROGRESS) {
            s.append(", progress=").append(progress);
        }
        return s.append(']').toString();
    }
}
