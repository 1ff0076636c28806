package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What WRITE SAME(10) and WRITE SAME(16) share (SBC-3 §5.42-5.43), as libiscsi's WriteSame suites
 * check it: edge LBAs, NUMBER OF LOGICAL BLOCKS 0 (to the end, WSNZ = 0), MAXIMUM WRITE SAME LENGTH
 * (32768 blocks of 512 bytes), WRPROTECT, ANCHOR, UNMAP on thin and fully provisioned units.
 */
abstract class WriteSameContract {

    static final long N = Units.BLOCKS;
    static final long MAX = 32768;

    /** A WRITE SAME CDB of this size with {@code flags} in byte 1. */
    abstract CommandRequest writeSame(long lba, long blocks, int flags);

    static CommandPlan.WriteSame plan(long lba, long blocks, boolean unmap, boolean ndob) {
        return new CommandPlan.WriteSame(lba, blocks, unmap, ndob);
    }

    @Test
    void oneToMaxBlocksAtTheStartAndTheEnd() {
        assertEquals(plan(0, 1, false, false), dispatch(writeSame(0, 1, 0)));
        assertEquals(plan(0, 256, false, false), dispatch(writeSame(0, 256, 0)));
        assertEquals(plan(N - 1, 1, false, false), dispatch(writeSame(N - 1, 1, 0)));
        assertEquals(plan(N - MAX, MAX, false, false), dispatch(writeSame(N - MAX, MAX, 0)));
    }

    @Test
    void beyondTheEndIsLbaOutOfRange() {
        expectLbaOutOfRange(dispatch(writeSame(N, 1, 0)));
        expectLbaOutOfRange(dispatch(writeSame(N - 1, 2, 0)));
        expectLbaOutOfRange(dispatch(writeSame(0x8000_0000L, 1, 0)));
        expectLbaOutOfRange(dispatch(writeSame(0xFFFF_FFFFL, 1, 0)));
    }

    @Test
    void zeroBlocksMeansToTheLastLba() {
        assertEquals(plan(N - 1, 1, false, false), dispatch(writeSame(N - 1, 0, 0)));
        assertEquals(plan(N - MAX, MAX, false, false), dispatch(writeSame(N - MAX, 0, 0)));
        // past MAXIMUM WRITE SAME LENGTH: the whole unit from LBA 0, or MAX + 1 blocks from the end
        expectInvalidFieldInCdb(dispatch(writeSame(0, 0, 0)), lengthOffset(), -1);
        expectInvalidFieldInCdb(dispatch(writeSame(N - MAX - 1, 0, 0)), lengthOffset(), -1);
        expectLbaOutOfRange(dispatch(writeSame(N, 0, 0)));
        expectLbaOutOfRange(dispatch(writeSame(N + 1, 0, 0)));
        expectLbaOutOfRange(dispatch(writeSame(0xFFFF_FFFFL, 0, 0)));
    }

    @Test
    void moreThanMaximumWriteSameLengthIsInvalidFieldInCdb() {
        expectInvalidFieldInCdb(dispatch(writeSame(0, MAX + 1, 0)), lengthOffset(), -1);
    }

    @Test
    void wrprotectIsInvalid() {
        for (int wrprotect = 1; wrprotect < 8; wrprotect++) {
            expectInvalidFieldInCdb(dispatch(writeSame(0, 1, wrprotect << 5)), 1, 7);
        }
    }

    @Test
    void anchorIsInvalidWithOrWithoutUnmap() {
        expectInvalidFieldInCdb(dispatch(writeSame(0, 1, 0x10)), 1, 4);
        expectInvalidFieldInCdb(dispatch(Units.thin(), writeSame(0, 1, 0x18)), 1, 4);
    }

    @Test
    void obsoletePbdataLbdataAreInvalid() {
        expectInvalidFieldInCdb(dispatch(writeSame(0, 1, 0x02)), 1, 2);
        expectInvalidFieldInCdb(dispatch(writeSame(0, 1, 0x04)), 1, 2);
    }

    @Test
    void unmapOnlyOnThinUnits() {
        expectInvalidFieldInCdb(dispatch(writeSame(0, 1, 0x08)), 1, 3);
        assertEquals(plan(0, 256, true, false), dispatch(Units.thin(), writeSame(0, 256, 0x08)));
        assertEquals(plan(N - 1, 1, true, false), dispatch(Units.thin(), writeSame(N - 1, 0, 0x08)));
    }

    @Test
    void readOnlyUnitIsWriteProtected() {
        WriteProtectionTest.expectWriteProtected(dispatch(Units.readOnly(false), writeSame(0, 1, 0)));
        WriteProtectionTest.expectWriteProtected(dispatch(Units.readOnly(false), writeSame(0, 1, 0x08)));
        WriteProtectionTest.expectWriteProtected(dispatch(Units.readOnly(true), writeSame(0, 1, 0x08)));
    }

    abstract int lengthOffset();
}
