package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** WRITE SAME(16): 64-bit LBA, 32-bit NUMBER OF LOGICAL BLOCKS, NDOB. */
class WriteSame16Test extends WriteSameContract {

    @Override
    CommandRequest writeSame(long lba, long blocks, int flags) {
        return Cdbs.block16(ScsiOpcode.WRITE_SAME_16, lba, blocks, flags);
    }

    @Override
    int lengthOffset() {
        return 10;
    }

    @Test
    void ndobWritesZerosWithoutData() {
        assertEquals(plan(0, 8, false, true), dispatch(writeSame(0, 8, 0x01)));
        assertEquals(plan(0, 8, true, true), dispatch(Units.thin(), writeSame(0, 8, 0x09)));
    }

    @Test
    void sixtyFourBitLbas() {
        expectLbaOutOfRange(dispatch(writeSame(1L << 63, 1, 0)));
        expectLbaOutOfRange(dispatch(writeSame(-1L, 1, 0)));
        expectLbaOutOfRange(dispatch(writeSame(-1L, 0, 0)));
        expectLbaOutOfRange(dispatch(writeSame(0, 0xFFFF_FFFFL, 0)));
    }
}
