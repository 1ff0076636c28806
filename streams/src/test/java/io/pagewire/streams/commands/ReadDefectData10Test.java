package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;

import org.junit.jupiter.api.Test;

/** READ DEFECT DATA(10): an empty list in the format asked for. */
class ReadDefectData10Test {

    static CommandRequest rdd10(int listsAndFormat, int allocationLength) {
        return Cdbs.request(0x37, 0, listsAndFormat, 0, 0, 0, 0, allocationLength >>> 8, allocationLength & 0xFF, 0);
    }

    @Test
    void plistAndGlistInBlockFormatAreEmpty() {
        expectData(dispatch(rdd10(0x18, 4)), bytes(0, 0x18, 0, 0));
        expectData(dispatch(rdd10(0x18, 512)), bytes(0, 0x18, 0, 0));
    }

    @Test
    void formatIsEchoed() {
        for (int format = 0; format < 8; format++) {
            expectData(dispatch(rdd10(0x10 | format, 512)), bytes(0, 0x10 | format, 0, 0));
        }
    }

    @Test
    void noListRequestedIsTheHeaderOnly() {
        expectData(dispatch(rdd10(0x05, 512)), bytes(0, 0x05, 0, 0));
    }

    @Test
    void allocationLengthCuts() {
        expectData(dispatch(rdd10(0x18, 2)), bytes(0, 0x18));
        expectData(dispatch(rdd10(0x18, 0)), bytes());
    }
}
