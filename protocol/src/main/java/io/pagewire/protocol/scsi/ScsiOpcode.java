package io.pagewire.protocol.scsi;

import java.util.Optional;

/**
 * SCSI operation codes of the SPC-4 and SBC-3 commands a direct-access target meets (SPC-4 annex
 * E.3.1). The command layer's dispatch table is indexed by {@link #code()}; {@link #lookup(int)} is
 * an array look-up.
 */
public enum ScsiOpcode {
    TEST_UNIT_READY(0x00),
    REQUEST_SENSE(0x03),
    FORMAT_UNIT(0x04),
    READ_6(0x08),
    WRITE_6(0x0A),
    INQUIRY(0x12),
    MODE_SELECT_6(0x15),
    RESERVE_6(0x16),
    RELEASE_6(0x17),
    MODE_SENSE_6(0x1A),
    START_STOP_UNIT(0x1B),
    RECEIVE_DIAGNOSTIC_RESULTS(0x1C),
    SEND_DIAGNOSTIC(0x1D),
    PREVENT_ALLOW_MEDIUM_REMOVAL(0x1E),
    READ_CAPACITY_10(0x25),
    READ_10(0x28),
    WRITE_10(0x2A),
    WRITE_AND_VERIFY_10(0x2E),
    VERIFY_10(0x2F),
    PRE_FETCH_10(0x34),
    SYNCHRONIZE_CACHE_10(0x35),
    READ_DEFECT_DATA_10(0x37),
    WRITE_BUFFER(0x3B),
    READ_BUFFER(0x3C),
    WRITE_SAME_10(0x41),
    UNMAP(0x42),
    SANITIZE(0x48),
    LOG_SELECT(0x4C),
    LOG_SENSE(0x4D),
    MODE_SELECT_10(0x55),
    RESERVE_10(0x56),
    RELEASE_10(0x57),
    MODE_SENSE_10(0x5A),
    PERSISTENT_RESERVE_IN(0x5E),
    PERSISTENT_RESERVE_OUT(0x5F),
    EXTENDED_COPY(0x83),
    RECEIVE_COPY_RESULTS(0x84),
    READ_16(0x88),
    COMPARE_AND_WRITE(0x89),
    WRITE_16(0x8A),
    ORWRITE_16(0x8B),
    WRITE_AND_VERIFY_16(0x8E),
    VERIFY_16(0x8F),
    PRE_FETCH_16(0x90),
    SYNCHRONIZE_CACHE_16(0x91),
    WRITE_SAME_16(0x93),
    WRITE_ATOMIC_16(0x9C),
    SERVICE_ACTION_IN_16(0x9E),
    SERVICE_ACTION_OUT_16(0x9F),
    REPORT_LUNS(0xA0),
    MAINTENANCE_IN(0xA3),
    MAINTENANCE_OUT(0xA4),
    READ_12(0xA8),
    WRITE_12(0xAA),
    WRITE_AND_VERIFY_12(0xAE),
    VERIFY_12(0xAF),
    READ_DEFECT_DATA_12(0xB7);

    private static final ScsiOpcode[] BY_CODE = new ScsiOpcode[256];

    static {
        for (ScsiOpcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    ScsiOpcode(int code) {
        this.code = code;
    }

    /** The OPERATION CODE byte, 0..255. */
    public int code() {
        return code;
    }

    /** CDB length implied by the group code (SPC-4 §4.2.5.1). */
    public int cdbLength() {
        return Cdb.length(code);
    }

    /** The named opcode for this OPERATION CODE byte, if Pagewire knows it. */
    public static Optional<ScsiOpcode> lookup(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
