package io.pagewire.protocol.scsi;

import java.util.Objects;
import java.util.Optional;

/**
 * Named sense key / ADDITIONAL SENSE CODE / ADDITIONAL SENSE CODE QUALIFIER triples (SPC-4 §4.5.6,
 * annex D), named after the spec. Every failure the target reports maps to exactly one of these.
 */
public enum SenseCode {
    NO_SENSE(SenseKey.NO_SENSE, 0x00, 0x00),

    // NOT READY
    LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE(SenseKey.NOT_READY, 0x04, 0x00),
    LOGICAL_UNIT_BECOMING_READY(SenseKey.NOT_READY, 0x04, 0x01),
    LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED(SenseKey.NOT_READY, 0x04, 0x02),
    LOGICAL_UNIT_NOT_READY_MANUAL_INTERVENTION_REQUIRED(SenseKey.NOT_READY, 0x04, 0x03),
    LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS(SenseKey.NOT_READY, 0x04, 0x1B),
    MEDIUM_NOT_PRESENT(SenseKey.NOT_READY, 0x3A, 0x00),
    MEDIUM_NOT_PRESENT_TRAY_CLOSED(SenseKey.NOT_READY, 0x3A, 0x01),
    MEDIUM_NOT_PRESENT_TRAY_OPEN(SenseKey.NOT_READY, 0x3A, 0x02),

    // MEDIUM ERROR
    WRITE_ERROR(SenseKey.MEDIUM_ERROR, 0x0C, 0x00),
    UNRECOVERED_READ_ERROR(SenseKey.MEDIUM_ERROR, 0x11, 0x00),
    SANITIZE_COMMAND_FAILED(SenseKey.MEDIUM_ERROR, 0x31, 0x03),

    // HARDWARE ERROR
    INTERNAL_TARGET_FAILURE(SenseKey.HARDWARE_ERROR, 0x44, 0x00),

    // ILLEGAL REQUEST
    INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03),
    PARAMETER_LIST_LENGTH_ERROR(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00),
    INVALID_COMMAND_OPERATION_CODE(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00),
    LBA_OUT_OF_RANGE(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00),
    INVALID_FIELD_IN_CDB(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00),
    LOGICAL_UNIT_NOT_SUPPORTED(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00),
    INVALID_FIELD_IN_PARAMETER_LIST(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00),
    PARAMETER_NOT_SUPPORTED(SenseKey.ILLEGAL_REQUEST, 0x26, 0x01),
    PARAMETER_VALUE_INVALID(SenseKey.ILLEGAL_REQUEST, 0x26, 0x02),
    INVALID_RELEASE_OF_PERSISTENT_RESERVATION(SenseKey.ILLEGAL_REQUEST, 0x26, 0x04),
    TOO_MANY_TARGET_DESCRIPTORS(SenseKey.ILLEGAL_REQUEST, 0x26, 0x06),
    UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE(SenseKey.ILLEGAL_REQUEST, 0x26, 0x07),
    TOO_MANY_SEGMENT_DESCRIPTORS(SenseKey.ILLEGAL_REQUEST, 0x26, 0x08),
    UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE(SenseKey.ILLEGAL_REQUEST, 0x26, 0x09),
    COMMAND_SEQUENCE_ERROR(SenseKey.ILLEGAL_REQUEST, 0x2C, 0x00),
    SAVING_PARAMETERS_NOT_SUPPORTED(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00),
    MEDIUM_REMOVAL_PREVENTED(SenseKey.ILLEGAL_REQUEST, 0x53, 0x02),
    INSUFFICIENT_REGISTRATION_RESOURCES(SenseKey.ILLEGAL_REQUEST, 0x55, 0x04),

    // UNIT ATTENTION
    NOT_READY_TO_READY_CHANGE(SenseKey.UNIT_ATTENTION, 0x28, 0x00),
    POWER_ON_RESET(SenseKey.UNIT_ATTENTION, 0x29, 0x00),
    POWER_ON_OCCURRED(SenseKey.UNIT_ATTENTION, 0x29, 0x01),
    BUS_DEVICE_RESET_FUNCTION_OCCURRED(SenseKey.UNIT_ATTENTION, 0x29, 0x03),
    I_T_NEXUS_LOSS_OCCURRED(SenseKey.UNIT_ATTENTION, 0x29, 0x07),
    MODE_PARAMETERS_CHANGED(SenseKey.UNIT_ATTENTION, 0x2A, 0x01),
    RESERVATIONS_PREEMPTED(SenseKey.UNIT_ATTENTION, 0x2A, 0x03),
    RESERVATIONS_RELEASED(SenseKey.UNIT_ATTENTION, 0x2A, 0x04),
    REGISTRATIONS_PREEMPTED(SenseKey.UNIT_ATTENTION, 0x2A, 0x05),
    CAPACITY_DATA_HAS_CHANGED(SenseKey.UNIT_ATTENTION, 0x2A, 0x09),
    COMMANDS_CLEARED_BY_ANOTHER_INITIATOR(SenseKey.UNIT_ATTENTION, 0x2F, 0x00),
    THIN_PROVISIONING_SOFT_THRESHOLD_REACHED(SenseKey.UNIT_ATTENTION, 0x38, 0x07),
    INQUIRY_DATA_HAS_CHANGED(SenseKey.UNIT_ATTENTION, 0x3F, 0x03),
    REPORTED_LUNS_DATA_HAS_CHANGED(SenseKey.UNIT_ATTENTION, 0x3F, 0x0E),

    // DATA PROTECT
    WRITE_PROTECTED(SenseKey.DATA_PROTECT, 0x27, 0x00),
    HARDWARE_WRITE_PROTECTED(SenseKey.DATA_PROTECT, 0x27, 0x01),
    SOFTWARE_WRITE_PROTECTED(SenseKey.DATA_PROTECT, 0x27, 0x02),
    SPACE_ALLOCATION_FAILED_WRITE_PROTECT(SenseKey.DATA_PROTECT, 0x27, 0x07),

    // ABORTED COMMAND (the iSCSI ones: RFC 7143 §11.4.7.2)
    UNEXPECTED_UNSOLICITED_DATA(SenseKey.ABORTED_COMMAND, 0x0C, 0x0C),
    NOT_ENOUGH_UNSOLICITED_DATA(SenseKey.ABORTED_COMMAND, 0x0C, 0x0D),
    SNACK_REJECTED(SenseKey.ABORTED_COMMAND, 0x11, 0x13),
    PROTOCOL_SERVICE_CRC_ERROR(SenseKey.ABORTED_COMMAND, 0x47, 0x05),
    INITIATOR_DETECTED_ERROR_MESSAGE_RECEIVED(SenseKey.ABORTED_COMMAND, 0x48, 0x00),
    DATA_PHASE_ERROR(SenseKey.ABORTED_COMMAND, 0x4B, 0x00),
    DATA_OFFSET_ERROR(SenseKey.ABORTED_COMMAND, 0x4B, 0x05),

    // COPY ABORTED (EXTENDED COPY, SPC-4 §6.4)
    COPY_ABORTED(SenseKey.COPY_ABORTED, 0x00, 0x00),
    UNREACHABLE_COPY_TARGET(SenseKey.COPY_ABORTED, 0x08, 0x04),
    COPY_TARGET_DEVICE_NOT_REACHABLE(SenseKey.COPY_ABORTED, 0x0D, 0x02),
    COPY_ABORTED_READ_ERROR(SenseKey.COPY_ABORTED, 0x11, 0x00),
    COPY_ABORTED_WRITE_ERROR(SenseKey.COPY_ABORTED, 0x0C, 0x00),

    // MISCOMPARE
    MISCOMPARE_DURING_VERIFY(SenseKey.MISCOMPARE, 0x1D, 0x00);

    /** [sense key][ASC] → codes by ASCQ; inner arrays only where some code lives. */
    private static final SenseCode[][][] BY_VALUE = new SenseCode[16][256][];

    static {
        for (SenseCode code : values()) {
            SenseCode[][] byAsc = BY_VALUE[code.key.value()];
            if (byAsc[code.asc] == null) {
                byAsc[code.asc] = new SenseCode[256];
            }
            if (byAsc[code.asc][code.ascq] != null) {
                throw new ExceptionInInitializerError("duplicate sense code " + code);
            }
            byAsc[code.asc][code.ascq] = code;
        }
    }

    private final SenseKey key;
    private final int asc;
    private final int ascq;

    SenseCode(SenseKey key, int asc, int ascq) {
        this.key = key;
        this.asc = asc;
        this.ascq = ascq;
    }

    public SenseKey key() {
        return key;
    }

    /** ADDITIONAL SENSE CODE. */
    public int asc() {
        return asc;
    }

    /** ADDITIONAL SENSE CODE QUALIFIER. */
    public int ascq() {
        return ascq;
    }

    /** The named code for this triple, if there is one; an array look-up, no scan. */
    public static Optional<SenseCode> lookup(SenseKey key, int asc, int ascq) {
        Objects.requireNonNull(key, "key");
        if (asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            return Optional.empty();
        }
        SenseCode[] byAscq = BY_VALUE[key.value()][asc];
        return byAscq == null ? Optional.empty() : Optional.ofNullable(byAscq[ascq]);
    }

    @Override
    public String toString() {
        return String.format("%s(%s %02Xh/%02Xh)", name(), key, asc, ascq);
    }
}
