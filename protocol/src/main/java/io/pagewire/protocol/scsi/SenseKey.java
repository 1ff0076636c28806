package io.pagewire.protocol.scsi;

/** Sense keys, SPC-4 §4.5.6 table 49. */
public enum SenseKey {
    NO_SENSE(0x0),
    RECOVERED_ERROR(0x1),
    NOT_READY(0x2),
    MEDIUM_ERROR(0x3),
    HARDWARE_ERROR(0x4),
    ILLEGAL_REQUEST(0x5),
    UNIT_ATTENTION(0x6),
    DATA_PROTECT(0x7),
    BLANK_CHECK(0x8),
    VENDOR_SPECIFIC(0x9),
    COPY_ABORTED(0xA),
    ABORTED_COMMAND(0xB),
    VOLUME_OVERFLOW(0xD),
    MISCOMPARE(0xE),
    COMPLETED(0xF);

    private static final SenseKey[] BY_VALUE = new SenseKey[16];

    static {
        for (SenseKey key : values()) {
            BY_VALUE[key.value] = key;
        }
    }

    private final int value;

    SenseKey(int value) {
        this.value = value;
    }

    /** The 4-bit value as it appears in sense data. */
    public int value() {
        return value;
    }

    /**
     * The sense key with this 4-bit value.
     *
     * @throws IllegalArgumentException for 0xC (obsolete) or a value outside 0..15
     */
    public static SenseKey of(int value) {
        SenseKey key = value >= 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
        if (key == null) {
            throw new IllegalArgumentException("no sense key " + value);
        }
        return key;
    }
}
