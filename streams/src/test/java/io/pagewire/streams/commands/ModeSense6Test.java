package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.ModeSenseFixtures.ALL;
import static io.pagewire.streams.commands.ModeSenseFixtures.ALL_CHANGEABLE;
import static io.pagewire.streams.commands.ModeSenseFixtures.CACHING;
import static io.pagewire.streams.commands.ModeSenseFixtures.CONTROL;
import static io.pagewire.streams.commands.ModeSenseFixtures.CONTROL_CHANGEABLE;
import static io.pagewire.streams.commands.ModeSenseFixtures.IEC;
import static io.pagewire.streams.commands.ModeSenseFixtures.SHORT_DESCRIPTOR;
import static io.pagewire.streams.commands.ModeSenseFixtures.concat;
import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libiscsi ModeSense6: AllPages, Control, Control-D_SENSE, Control-SWP, Residuals; plus PC and subpages. */
class ModeSense6Test {

    static final int CURRENT = 0;
    static final int CHANGEABLE = 1;
    static final int DEFAULT = 2;
    static final int SAVED = 3;

    /** 4-byte header: MODE DATA LENGTH, medium type 0, DPOFUA, BLOCK DESCRIPTOR LENGTH. */
    static byte[] header(int totalLength, int descriptorLength) {
        return bytes(totalLength - 1, 0x00, 0x10, descriptorLength);
    }

    @Test
    void allPages() {
        byte[] data = expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0, 255)),
                concat(header(56, 8), SHORT_DESCRIPTOR, ALL));
        assertEquals(List.of(0x08, 0x0A, 0x1C), ModeSenseFixtures.pageCodes(data, 4, 8));
        assertEquals(data.length, (data[0] & 0xFF) + 1, "mode data length covers all data");
    }

    @Test
    void allPagesWithSubpagesIsTheSame() {
        expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0xFF, 255)),
                concat(header(56, 8), SHORT_DESCRIPTOR, ALL));
    }

    @Test
    void controlPageDirectlyEqualsTheOneInAllPages() {
        expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x0A, 0, 255)),
                concat(header(24, 8), SHORT_DESCRIPTOR, CONTROL));
        expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x0A, 0, 255)), concat(header(16, 0), CONTROL));
    }

    @Test
    void controlPageSaysFixedFormatSense() {
        // Control-D_SENSE: D_SENSE = 0, so the READ16 at LBA FFFFFFFFFFFFFFFFh must fail in format 70h
        byte[] page = expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x0A, 0, 255)));
        assertEquals(0, page[4 + 2] & 0x04, "D_SENSE");
        assertEquals(1, page[4 + 3] >>> 4 & 0x0F, "QUEUE ALGORITHM MODIFIER 1");
        SenseData sense = expectSense(dispatch(Cdbs.block16(io.pagewire.protocol.scsi.ScsiOpcode.READ_16, -1L, 1, 0)),
                SenseCode.LBA_OUT_OF_RANGE);
        assertEquals(0x70, sense.encode(false)[0]);
    }

    @Test
    void swpIsNotChangeable() {
        // Control-SWP: set_swp() reads the changeable values with DBD and skips when SWP is 0
        expectData(dispatch(Cdbs.modeSense6(true, CHANGEABLE, 0x0A, 0, 255)), concat(header(16, 0), CONTROL_CHANGEABLE));
    }

    @Test
    void cachingPageHasWriteCacheEnabled() {
        byte[] data = expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x08, 0, 255)), concat(header(24, 0), CACHING));
        assertEquals(0x04, data[4 + 2] & 0x05, "WCE = 1, RCD = 0");
    }

    @Test
    void cachingPageHasWriteCacheDisabledWhenTheUnitIsConfiguredWithout() {
        byte[] current = expectData(dispatch(Units.withoutWriteCache(), Cdbs.modeSense6(true, CURRENT, 0x08, 0, 255)));
        assertEquals(4 + 20, current.length);
        assertEquals(0x00, current[4 + 2], "WCE = 0, RCD = 0");
        byte[] defaults = expectData(dispatch(Units.withoutWriteCache(), Cdbs.modeSense6(true, DEFAULT, 0x08, 0, 255)));
        assertEquals(0x00, defaults[4 + 2], "the default is the configured value");
        byte[] changeable = expectData(dispatch(Units.withoutWriteCache(), Cdbs.modeSense6(true, CHANGEABLE, 0x08, 0, 255)));
        assertEquals(0x04, changeable[4 + 2], "WCE stays changeable: MODE SELECT may turn the cache on");
    }

    @Test
    void informationalExceptionsControl() {
        expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x1C, 0, 255)), concat(header(16, 0), IEC));
    }

    @Test
    void changeableValuesAreAllZero() {
        expectData(dispatch(Cdbs.modeSense6(false, CHANGEABLE, 0x3F, 0, 255)),
                concat(header(56, 8), SHORT_DESCRIPTOR, ALL_CHANGEABLE));
    }

    @Test
    void defaultValuesAreTheCurrentOnes() {
        assertArrayEquals(expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0, 255))),
                expectData(dispatch(Cdbs.modeSense6(false, DEFAULT, 0x3F, 0, 255))));
    }

    @Test
    void savedValuesAreSavingParametersNotSupported() {
        SenseData sense = expectSense(dispatch(Cdbs.modeSense6(false, SAVED, 0x3F, 0, 255)),
                SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
        // field pointer: PC, byte 2 bit 7
        assertArrayEquals(fixed(0x05, 0x39, 0x00, 0xCF, 0x00, 0x02), sense.encode(false));
    }

    @Test
    void unsupportedPageIsInvalidFieldAtPageCode() {
        for (int page : new int[] {0x00, 0x01, 0x02, 0x03, 0x19, 0x1A, 0x3E}) {
            expectInvalidFieldInCdb(dispatch(Cdbs.modeSense6(false, CURRENT, page, 0, 255)), 2, 5);
        }
    }

    @Test
    void unsupportedSubpageIsInvalidFieldAtSubpageCode() {
        expectInvalidFieldInCdb(dispatch(Cdbs.modeSense6(false, CURRENT, 0x0A, 0x01, 255)), 3, -1);
        expectInvalidFieldInCdb(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0xFE, 255)), 3, -1);
        expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x0A, 0xFF, 255)), concat(header(16, 0), CONTROL));
    }

    @Test
    void residualsAllocationLengthTruncates() {
        // Residuals: 4 bytes asked, at most 4 returned; MODE DATA LENGTH still tells the whole length
        expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0, 4)), header(56, 8));
        byte[] full = concat(header(56, 8), SHORT_DESCRIPTOR, ALL);
        for (int length = 0; length < 60; length++) {
            expectData(dispatch(Cdbs.modeSense6(false, CURRENT, 0x3F, 0, length)),
                    Arrays.copyOf(full, Math.min(length, full.length)));
        }
    }

    @Test
    void blockDescriptorSaysFFFFFFFFWhenTheCountDoesNotFit() {
        byte[] data = expectData(dispatch(Units.of(new Geometry(4096, 1L << 33), false),
                Cdbs.modeSense6(false, CURRENT, 0x0A, 0, 255)));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x10, 0x00), Arrays.copyOfRange(data, 4, 12));
    }

    @Test
    void deviceSpecificParameterSaysDpoFuaAndNotWriteProtected() {
        byte[] data = expectData(dispatch(Cdbs.modeSense6(true, CURRENT, 0x3F, 0, 255)));
        assertEquals(0x10, data[2] & 0xFF);
    }
}
