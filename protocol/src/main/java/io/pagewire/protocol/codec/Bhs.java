package io.pagewire.protocol.codec;

/**
 * Offsets and bit masks of the 48-byte Basic Header Segment, RFC 7143 §11.2.1. Offsets are named
 * after the field they hold; several PDUs give the same bytes different names.
 */
final class Bhs {
    static final int LENGTH = 48;

    // Bytes 0-7, common to every PDU (§11.2.1.1-§11.2.1.5).
    static final int OPCODE = 0;
    static final int FLAGS = 1;
    static final int TOTAL_AHS_LENGTH = 4;
    static final int DATA_SEGMENT_LENGTH = 5;

    // Byte 2 and 3, opcode specific.
    static final int RESPONSE = 2;
    static final int REASON = 2;
    static final int VERSION_MAX = 2;
    static final int VERSION_MIN = 3;
    static final int VERSION_ACTIVE = 3;
    static final int STATUS = 3;

    // Bytes 8-15: LUN, or ISID and TSIH in Login PDUs (§11.12.5, §11.12.6).
    static final int LUN = 8;
    static final int ISID = 8;
    static final int TSIH = 14;

    static final int ITT = 16;

    // Bytes 20-23.
    static final int TTT = 20;
    static final int EXPECTED_DATA_TRANSFER_LENGTH = 20;
    static final int REFERENCED_TASK_TAG = 20;
    static final int CID = 20;
    static final int SNACK_TAG = 20;

    // Bytes 24-35.
    static final int CMD_SN = 24;
    static final int STAT_SN = 24;
    static final int EXP_STAT_SN = 28;
    static final int EXP_CMD_SN = 28;
    static final int MAX_CMD_SN = 32;
    static final int REF_CMD_SN = 32;
    static final int CDB = 32;
    static final int CDB_LENGTH = 16;

    // Bytes 36-47.
    static final int DATA_SN = 36;
    static final int R2T_SN = 36;
    static final int EXP_DATA_SN = 36;
    static final int STATUS_CLASS = 36;
    static final int STATUS_DETAIL = 37;
    static final int ASYNC_EVENT = 36;
    static final int ASYNC_VCODE = 37;
    static final int PARAMETER1 = 38;
    static final int PARAMETER2 = 40;
    static final int PARAMETER3 = 42;
    static final int BUFFER_OFFSET = 40;
    static final int BIDI_READ_RESIDUAL_COUNT = 40;
    static final int BEG_RUN = 40;
    static final int TIME_2_WAIT = 40;
    static final int TIME_2_RETAIN = 42;
    static final int RESIDUAL_COUNT = 44;
    static final int DESIRED_DATA_TRANSFER_LENGTH = 44;
    static final int RUN_LENGTH = 44;

    // Byte 0.
    static final int IMMEDIATE_BIT = 0x40;
    static final int OPCODE_MASK = 0x3f;

    // Byte 1. Bit 0 (0x80) is F, T, or a constant 1, depending on the opcode.
    static final int FINAL_BIT = 0x80;
    static final int TRANSIT_BIT = 0x80;
    static final int CONTINUE_BIT = 0x40;
    static final int READ_BIT = 0x40;
    static final int WRITE_BIT = 0x20;
    static final int ATTRIBUTE_MASK = 0x07;
    static final int ACK_BIT = 0x40;
    static final int BIDI_OVERFLOW_BIT = 0x10;
    static final int BIDI_UNDERFLOW_BIT = 0x08;
    static final int OVERFLOW_BIT = 0x04;
    static final int UNDERFLOW_BIT = 0x02;
    static final int STATUS_BIT = 0x01;
    static final int CSG_SHIFT = 2;
    static final int STAGE_MASK = 0x03;
    static final int FUNCTION_MASK = 0x7f;
    static final int LOGOUT_REASON_MASK = 0x7f;
    static final int SNACK_TYPE_MASK = 0x0f;

    /** The largest DataSegmentLength the 3-byte field can carry. */
    static final int MAX_DATA_SEGMENT_LENGTH = 0xff_ffff;

    private Bhs() {
    }

    /** Bytes of padding that bring {@code length} to a multiple of four (§11.1). */
    static int padding(int length) {
        return -length & 3;
    }

    /** Throws when {@code value} does not fit a field of {@code bits} bits; never masks silently. */
    static int checkField(String name, int value, int bits) {
        if (value < 0 || value >= 1 << bits) {
            throw new IllegalArgumentException(name + " does not fit " + bits + " bits: " + value);
        }
        return value;
    }
}
