package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;

import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libiscsi ReportLUNs.Simple and SPC-4 §6.33's SELECT REPORT and allocation-length rules. */
class ReportLunsTest {

    /** LUNs 0, 1 and 7 of Units.standard(): peripheral device addressing, no duplicates. */
    static final byte[] THREE_LUNS = bytes(
            0, 0, 0, 24, 0, 0, 0, 0,
            0x00, 0x00, 0, 0, 0, 0, 0, 0,
            0x00, 0x01, 0, 0, 0, 0, 0, 0,
            0x00, 0x07, 0, 0, 0, 0, 0, 0);

    @Test
    void simple() {
        expectData(dispatch(Cdbs.reportLuns(0, 512)), THREE_LUNS);
    }

    @Test
    void selectReportAllIsTheSameWithoutWellKnownUnits() {
        expectData(dispatch(Cdbs.reportLuns(2, 512)), THREE_LUNS);
    }

    @Test
    void wellKnownOnlyIsEmpty() {
        expectData(dispatch(Cdbs.reportLuns(1, 512)), new byte[8]);
    }

    @Test
    void reservedSelectReportIsInvalidField() {
        for (int select : new int[] {0x03, 0x10, 0x11, 0x12, 0xFF}) {
            expectInvalidFieldInCdb(dispatch(Cdbs.reportLuns(select, 512)), 2, -1);
        }
    }

    @Test
    void allocationLengthBelowSixteenIsInvalidField() {
        for (int length = 0; length < 16; length++) {
            expectInvalidFieldInCdb(dispatch(Cdbs.reportLuns(0, length)), 6, -1);
        }
    }

    @Test
    void allocationLengthTruncatesButLunListLengthTellsAll() {
        expectData(dispatch(Cdbs.reportLuns(0, 16)), Arrays.copyOf(THREE_LUNS, 16));
        expectData(dispatch(Cdbs.reportLuns(0, 31)), Arrays.copyOf(THREE_LUNS, 31));
        expectData(dispatch(Cdbs.reportLuns(0, 0xFFFF_FFFFL)), THREE_LUNS);
    }

    @Test
    void lunsAbove255UseFlatSpaceAddressing() {
        LogicalUnitInfo lu = new LogicalUnitInfo(300, new Geometry(512, 8), "V", "P", "R", "S", 1, "iqn.x", 1,
                List.of(255, 300, 16383), false);
        expectData(dispatch(lu, Cdbs.reportLuns(0, 512)), bytes(
                0, 0, 0, 24, 0, 0, 0, 0,
                0x00, 0xFF, 0, 0, 0, 0, 0, 0,
                0x41, 0x2C, 0, 0, 0, 0, 0, 0,
                0x7F, 0xFF, 0, 0, 0, 0, 0, 0));
    }
}
