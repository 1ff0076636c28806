package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** WRITE SAME(10): 32-bit LBA, 16-bit NUMBER OF LOGICAL BLOCKS, no NDOB. */
class WriteSame10Test extends WriteSameContract {

    @Override
    CommandRequest writeSame(long lba, long blocks, int flags) {
        return Cdbs.block10(ScsiOpcode.WRITE_SAME_10, lba, blocks, flags);
    }

    @Override
    int lengthOffset() {
        return 7;
    }

    @Test
    void bitZeroIsNotNdobHere() {
        // byte 1 bit 0 is reserved in WRITE SAME(10): not a request for zeros without data
        org.junit.jupiter.api.Assertions.assertEquals(plan(0, 1, false, false), dispatch(writeSame(0, 1, 0x01)));
    }

    @Test
    void naca() {
        CommandRequest r = writeSame(0, 1, 0);
        r.cdb()[9] = 0x04;
        expectInvalidFieldInCdb(dispatch(r), 9, 2);
    }
}
