package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** SYNCHRONIZE CACHE(10): range checked, then a flush of the whole device. */
class SynchronizeCache10Test {

    static final long N = Units.BLOCKS;
    static final CommandPlan FLUSH = new CommandPlan.Flush();

    static CommandRequest sync10(long lba, int blocks, int flags) {
        return Cdbs.block10(ScsiOpcode.SYNCHRONIZE_CACHE_10, lba, blocks, flags);
    }

    @Test
    void wholeUnitWithZeroBlocks() {
        assertEquals(FLUSH, dispatch(sync10(0, 0, 0)));
    }

    @Test
    void edgeLbas() {
        assertEquals(FLUSH, dispatch(sync10(N - 1, 1, 0)));
        assertEquals(FLUSH, dispatch(sync10(N - 1, 0, 0)));
        assertEquals(FLUSH, dispatch(sync10(N - 256, 256, 0)));
        expectLbaOutOfRange(dispatch(sync10(N, 0, 0)));
        expectLbaOutOfRange(dispatch(sync10(N - 1, 2, 0)));
        expectLbaOutOfRange(dispatch(sync10(0x8000_0000L, 1, 0)));
        expectLbaOutOfRange(dispatch(sync10(0xFFFF_FFFFL, 0xFFFF, 0)));
    }

    @Test
    void immedIsAccepted() {
        assertEquals(FLUSH, dispatch(sync10(0, 0, 0x02)));
    }
}
