package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.bytes;

import org.junit.jupiter.api.Test;

/** The Logical Block Provisioning VPD page (B2h, SBC-3 §6.5.4): only thin units have it. */
class LogicalBlockProvisioningVpdTest {

    @Test
    void thinUnitReportsUnmapWriteSameAndZeros() {
        // byte 5: LBPU | LBPWS | LBPWS10 | LBPRZ; byte 6: provisioning type 010b (thin)
        expectData(dispatch(Units.thin(), Cdbs.inquiry(true, 0xB2, 255)),
                bytes(0x00, 0xB2, 0x00, 0x04, 0x00, 0xE4, 0x02, 0x00));
    }

    @Test
    void listedInSupportedVpdPagesOnlyWhenThin() {
        expectData(dispatch(Units.thin(), Cdbs.inquiry(true, 0x00, 255)),
                bytes(0x00, 0x00, 0x00, 0x07, 0x00, 0x80, 0x83, 0x8F, 0xB0, 0xB1, 0xB2));
        expectData(dispatch(Cdbs.inquiry(true, 0x00, 255)),
                bytes(0x00, 0x00, 0x00, 0x06, 0x00, 0x80, 0x83, 0x8F, 0xB0, 0xB1));
    }

    @Test
    void fullyProvisionedUnitHasNoPage() {
        expectInvalidFieldInCdb(dispatch(Cdbs.inquiry(true, 0xB2, 255)), 2, -1);
    }

    @Test
    void allocationLengthCuts() {
        expectData(dispatch(Units.thin(), Cdbs.inquiry(true, 0xB2, 6)), bytes(0x00, 0xB2, 0x00, 0x04, 0x00, 0xE4));
    }
}
