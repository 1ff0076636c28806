package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;

import io.pagewire.protocol.scsi.ScsiOpcode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** REQUEST SENSE, SPC-4 §6.29: nothing pending, NO SENSE in the format DESC asks for. */
class RequestSenseTest {

    static final byte[] FIXED_NO_SENSE = bytes(0x70, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    static final byte[] DESCRIPTOR_NO_SENSE = bytes(0x72, 0, 0, 0, 0, 0, 0, 0);

    static CommandRequest requestSense(boolean desc, int allocationLength) {
        return Cdbs.request(ScsiOpcode.REQUEST_SENSE.code(), desc ? 1 : 0, 0, 0, allocationLength);
    }

    @Test
    void fixedFormat() {
        expectData(dispatch(requestSense(false, 252)), FIXED_NO_SENSE);
    }

    @Test
    void descriptorFormat() {
        expectData(dispatch(requestSense(true, 252)), DESCRIPTOR_NO_SENSE);
    }

    @Test
    void allocationLengthTruncates() {
        for (int length = 0; length <= 18; length++) {
            expectData(dispatch(requestSense(false, length)), Arrays.copyOf(FIXED_NO_SENSE, length));
        }
        expectData(dispatch(requestSense(true, 4)), Arrays.copyOf(DESCRIPTOR_NO_SENSE, 4));
    }

    @Test
    void aPendingUnitAttentionIsReportedInTheFormatAndLengthTheCdbAsks() {
        io.pagewire.protocol.scsi.SenseData ua =
                io.pagewire.protocol.scsi.SenseData.of(io.pagewire.protocol.scsi.SenseCode.POWER_ON_RESET);
        expectData(RequestSense.reporting(requestSense(false, 252), ua),
                bytes(0x70, 0, 0x06, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x29, 0x00, 0, 0, 0, 0));
        expectData(RequestSense.reporting(requestSense(true, 252), ua), bytes(0x72, 0x06, 0x29, 0x00, 0, 0, 0, 0));
        expectData(RequestSense.reporting(requestSense(false, 3), ua), bytes(0x70, 0, 0x06));
    }
}
