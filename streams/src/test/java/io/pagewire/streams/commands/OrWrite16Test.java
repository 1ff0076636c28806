package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.pipeline.IoRequest;
import org.junit.jupiter.api.Test;

/** ORWRITE(16): libiscsi's OrWrite Simple, BeyondEol, ZeroBlocks, Protect, DpoFua. */
class OrWrite16Test {

    static final long N = Units.BLOCKS;

    static CommandRequest orwrite(long lba, long blocks, int flags) {
        return Cdbs.block16(ScsiOpcode.ORWRITE_16, lba, blocks, flags);
    }

    static CommandPlan orPlan(long lba, long blocks, boolean fua) {
        return new CommandPlan.DataOutOperation(IoRequest.Operation.OR_WRITE, lba, blocks, blocks, fua);
    }

    @Test
    void oneTo256BlocksAtStartAndEnd() {
        for (long i = 1; i <= 256; i++) {
            assertEquals(orPlan(0, i, false), dispatch(orwrite(0, i, 0)));
            assertEquals(orPlan(N - i, i, false), dispatch(orwrite(N - i, i, 0)));
        }
    }

    @Test
    void zeroBlocks() {
        assertEquals(new CommandPlan.WriteBlocks(0, 0, false), dispatch(orwrite(0, 0, 0)));
        expectLbaOutOfRange(dispatch(orwrite(N + 1, 0, 0)));
        expectLbaOutOfRange(dispatch(orwrite(0x8000_0000_0000_0000L, 0, 0)));
        expectLbaOutOfRange(dispatch(orwrite(-1L, 0, 0)));
    }

    @Test
    void beyondEol() {
        for (long i = 1; i <= 256; i++) {
            expectLbaOutOfRange(dispatch(orwrite(N + 1 - i, i, 0)));
            expectLbaOutOfRange(dispatch(orwrite(-1L, i, 0)));
        }
    }

    @Test
    void nonZeroOrprotectIsInvalidField() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(dispatch(orwrite(0, 1, protect << 5)), 1, 7);
        }
    }

    @Test
    void dpoAndFua() {
        assertEquals(orPlan(0, 1, false), dispatch(orwrite(0, 1, 0x10)));
        assertEquals(orPlan(0, 1, true), dispatch(orwrite(0, 1, 0x08)));
        byte[] usage = Outcomes.TABLE.operation(0x8B, 0).orElseThrow().usage();
        assertEquals(0x18, usage[1] & 0x18);
    }

    @Test
    void transferLengthAboveMaximumIsInvalidField() {
        expectInvalidFieldInCdb(Outcomes.dispatch(Units.withMaxTransfer(128), orwrite(0, 129, 0)), 10, -1);
        assertEquals(orPlan(0, 128, false), Outcomes.dispatch(Units.withMaxTransfer(128), orwrite(0, 128, 0)));
        // Held in pages whole: bounded by 8 MiB even when the unit sets no MAXIMUM TRANSFER LENGTH.
        expectInvalidFieldInCdb(Outcomes.dispatch(Units.withMaxTransfer(0), orwrite(0, 16385, 0)), 10, -1);
        assertEquals(orPlan(0, 16384, false), Outcomes.dispatch(Units.withMaxTransfer(0), orwrite(0, 16384, 0)));
    }

    @Test
    void reportedCdbUsage() {
        assertArrayEquals(Outcomes.bytes(0x8B, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0, 0), Outcomes.TABLE.operation(0x8B, 0).orElseThrow().usage());
    }
}
