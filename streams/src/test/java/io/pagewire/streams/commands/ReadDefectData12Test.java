package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;

import org.junit.jupiter.api.Test;

/** READ DEFECT DATA(12): an empty list in the format asked for, 8-byte header. */
class ReadDefectData12Test {

    static CommandRequest rdd12(int listsAndFormat, long allocationLength) {
        byte[] cdb = Cdbs.cdb(0xB7, listsAndFormat);
        Cdbs.putBe(cdb, 6, 4, allocationLength);
        return Cdbs.request(cdb);
    }

    @Test
    void plistAndGlistAreEmpty() {
        expectData(dispatch(rdd12(0x1D, 8)), bytes(0, 0x1D, 0, 0, 0, 0, 0, 0));
        expectData(dispatch(rdd12(0x1D, 0xFFFF_FFFFL)), bytes(0, 0x1D, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void allocationLengthCuts() {
        expectData(dispatch(rdd12(0x08, 4)), bytes(0, 0x08, 0, 0));
        expectData(dispatch(rdd12(0x08, 0)), bytes());
    }
}
