package io.pagewire.protocol.scsi;

import java.util.Objects;

/**
 * Service actions of the opcodes that carry a SERVICE ACTION field in CDB byte 1, bits 4..0
 * (SPC-4 §4.2.5.2, annex E.3.2).
 */
public enum ServiceAction {
    READ_CAPACITY_16(ScsiOpcode.SERVICE_ACTION_IN_16, 0x10),
    GET_LBA_STATUS(ScsiOpcode.SERVICE_ACTION_IN_16, 0x12),
    REPORT_TARGET_PORT_GROUPS(ScsiOpcode.MAINTENANCE_IN, 0x0A),
    REPORT_SUPPORTED_OPERATION_CODES(ScsiOpcode.MAINTENANCE_IN, 0x0C),
    REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS(ScsiOpcode.MAINTENANCE_IN, 0x0D),
    EXTENDED_COPY_LID1(ScsiOpcode.EXTENDED_COPY, 0x00),
    RECEIVE_COPY_STATUS_LID1(ScsiOpcode.RECEIVE_COPY_RESULTS, 0x00),
    RECEIVE_COPY_OPERATING_PARAMETERS(ScsiOpcode.RECEIVE_COPY_RESULTS, 0x03),
    SANITIZE_OVERWRITE(ScsiOpcode.SANITIZE, 0x01),
    SANITIZE_BLOCK_ERASE(ScsiOpcode.SANITIZE, 0x02),
    SANITIZE_CRYPTOGRAPHIC_ERASE(ScsiOpcode.SANITIZE, 0x03),
    SANITIZE_EXIT_FAILURE_MODE(ScsiOpcode.SANITIZE, 0x1F);

    /** Offset of the SERVICE ACTION field in every CDB that has one. */
    public static final int FIELD_OFFSET = 1;
    /** The field is the low five bits of its byte; its most significant bit, for field pointers. */
    public static final int FIELD_MSB = 4;
    /** Number of values the 5-bit field can take. */
    public static final int COUNT = 32;

    private final ScsiOpcode opcode;
    private final int code;

    ServiceAction(ScsiOpcode opcode, int code) {
        this.opcode = Objects.requireNonNull(opcode);
        this.code = code;
    }

    public ScsiOpcode opcode() {
        return opcode;
    }

    /** The SERVICE ACTION value, 0..31. */
    public int code() {
        return code;
    }

    /** The SERVICE ACTION field of a CDB. */
    public static int of(byte[] cdb) {
        return cdb[FIELD_OFFSET] & (COUNT - 1);
    }
}
