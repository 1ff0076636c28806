package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** SYNCHRONIZE CACHE(16): 64-bit LBA, 32-bit NUMBER OF LOGICAL BLOCKS. */
class SynchronizeCache16Test {

    static final long N = Units.BLOCKS;
    static final CommandPlan FLUSH = new CommandPlan.Flush();

    static CommandRequest sync16(long lba, long blocks) {
        return Cdbs.block16(ScsiOpcode.SYNCHRONIZE_CACHE_16, lba, blocks, 0);
    }

    @Test
    void wholeUnit() {
        assertEquals(FLUSH, dispatch(sync16(0, 0)));
        assertEquals(FLUSH, dispatch(sync16(0, N)));
    }

    @Test
    void edgeLbas() {
        assertEquals(FLUSH, dispatch(sync16(N - 1, 1)));
        expectLbaOutOfRange(dispatch(sync16(N, 0)));
        expectLbaOutOfRange(dispatch(sync16(1, N)));
        expectLbaOutOfRange(dispatch(sync16(Long.MIN_VALUE, 1)));
        expectLbaOutOfRange(dispatch(sync16(-1L, 0xFFFF_FFFFL)));
    }
}
