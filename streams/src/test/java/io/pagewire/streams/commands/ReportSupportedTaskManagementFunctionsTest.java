package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;

import org.junit.jupiter.api.Test;

/** REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS, basic and REPD formats. */
class ReportSupportedTaskManagementFunctionsTest {

    static CommandRequest rstmf(boolean repd, long allocationLength) {
        byte[] cdb = Cdbs.cdb(0xA3, 0x0D, repd ? 0x80 : 0);
        Cdbs.putBe(cdb, 6, 4, allocationLength);
        return Cdbs.request(cdb);
    }

    @Test
    void basicFormatNamesTheSessionsFunctions() {
        // ATS ATSS CTSS LURS TRS; no CLEAR ACA, no QUERY TASK / TASK SET / ASYNCHRONOUS EVENT.
        expectData(dispatch(rstmf(false, 4)), bytes(0xDA, 0, 0, 0));
        expectData(dispatch(rstmf(false, 255)), bytes(0xDA, 0, 0, 0));
    }

    @Test
    void repdAddsTheExtendedBytes() {
        expectData(dispatch(rstmf(true, 255)), bytes(0xDA, 0, 0, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void allocationLengthCuts() {
        expectData(dispatch(rstmf(false, 1)), bytes(0xDA));
        expectData(dispatch(rstmf(true, 0)), bytes());
    }
}
