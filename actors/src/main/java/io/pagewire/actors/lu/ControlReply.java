package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseData;

/**
 * The control actor's answer to one control command: a SCSI status, parameter data for GOOD
 * (already cut to the allocation length), sense data for CHECK CONDITION.
 */
public record ControlReply(int status, byte[] dataIn, SenseData sense) {
    private static final byte[] NONE = new byte[0];

    public static ControlReply good() {
        return new ControlReply(ScsiStatus.GOOD.value(), NONE, null);
    }

    public static ControlReply good(byte[] data, int allocationLength) {
        byte[] cut = data.length <= allocationLength ? data : java.util.Arrays.copyOf(data, allocationLength);
        return new ControlReply(ScsiStatus.GOOD.value(), cut, null);
    }

    public static ControlReply conflict() {
        return new ControlReply(ScsiStatus.RESERVATION_CONFLICT.value(), NONE, null);
    }

    public static ControlReply check(SenseData sense) {
        return new ControlReply(ScsiStatus.CHECK_CONDITION.value(), NONE, sense);
    }

    public boolean isGood() {
        return status == ScsiStatus.GOOD.value();
    }
}
