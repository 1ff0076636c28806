package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** libiscsi ReadCapacity16: Simple, Alloclen, PI, Support. */
class ReadCapacity16Test {

    /** Units.standard(): last LBA 1FFFFFh, 512-byte blocks, no protection, LBPPBE 0, not thin. */
    static byte[] standardData() {
        byte[] b = new byte[32];
        Cdbs.putBe(b, 0, 8, 0x1F_FFFFL);
        Cdbs.putBe(b, 8, 4, 512);
        return b;
    }

    @Test
    void simple() {
        expectData(dispatch(Cdbs.readCapacity16(16)), Arrays.copyOf(standardData(), 16));
        expectData(dispatch(Cdbs.readCapacity16(32)), standardData());
    }

    @Test
    void allocationLength0To15IsNotAnError() {
        for (int length = 0; length < 16; length++) {
            expectData(dispatch(Cdbs.readCapacity16(length)), Arrays.copyOf(standardData(), length));
        }
    }

    @Test
    void longerAllocationLengthGetsTheWhole32Bytes() {
        // the suite's set-up asks with 96; the session reports the 64-byte underflow
        expectData(dispatch(Cdbs.readCapacity16(96)), standardData());
        expectData(dispatch(Cdbs.readCapacity16(0x7FFF_FFFF)), standardData());
    }

    @Test
    void noProtectionInformation() {
        byte[] data = expectData(dispatch(Cdbs.readCapacity16(32)));
        // P_TYPE, PROT_EN (byte 12) and P_I_EXPONENT (byte 13) all zero
        expectData(new CommandPlan.Respond(Arrays.copyOfRange(data, 12, 14)), new byte[2]);
    }

    @Test
    void sixtyFourBitLastLba() {
        LogicalUnitInfo huge = Units.of(new Geometry(4096, 1L << 40), false);
        byte[] expected = new byte[32];
        Cdbs.putBe(expected, 0, 8, (1L << 40) - 1);
        Cdbs.putBe(expected, 8, 4, 4096);
        expectData(dispatch(huge, Cdbs.readCapacity16(32)), expected);
    }

    @Test
    void thinUnitReportsLbpmeAndLbprz() {
        byte[] expected = standardData();
        expected[14] = (byte) 0xC0; // LBPME, LBPRZ: unmapped blocks read as zeros
        expectData(dispatch(Units.of(new Geometry(512, Units.BLOCKS), true), Cdbs.readCapacity16(32)), expected);
    }

    @Test
    void lbaWithoutPmiIsInvalidField() {
        CommandRequest request = Cdbs.readCapacity16(32);
        request.cdb()[9] = 1;
        expectInvalidFieldInCdb(dispatch(request), 2, -1);
        request.cdb()[14] = 1; // PMI
        expectData(dispatch(request), standardData());
    }

    @Test
    void physicalBlockExponentFor512ByteBlocksOn4KiBSectors() {
        LogicalUnitInfo e512 = Units.thinWithPhysicalBlockExponent(3);
        byte[] expected = standardData();
        expected[13] = 0x03; // P_I_EXPONENT 0, LBPPBE 3; LOWEST ALIGNED LBA 0
        expected[14] = (byte) 0xC0; // LBPME, LBPRZ
        expectData(dispatch(e512, Cdbs.readCapacity16(32)), expected);
        assertEquals(8, e512.logicalBlocksPerPhysicalBlock());
        assertThrows(IllegalArgumentException.class, () -> Units.thinWithPhysicalBlockExponent(16));
    }
}
