package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** libiscsi Write16: Simple, BeyondEol, ZeroBlocks, WriteProtect, DpoFua, Flags. */
class Write16Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.WRITE_16;
    }

    @Override
    boolean write() {
        return true;
    }

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block16(opcode(), lba, blocks, flags);
    }

    @Override
    int transferLengthOffset() {
        return 10;
    }

    @Override
    long minusOne() {
        return -1L;
    }

    @Test
    void zeroBlocksAndBeyondEolAtTwoToThe63() {
        // libiscsi Write16.ZeroBlocks and BeyondEol use 2^63 where the 10-byte tests use 2^31
        expectLbaOutOfRange(run(Long.MIN_VALUE, 0, 0));
        for (long i = 1; i <= 256; i++) {
            expectLbaOutOfRange(run(Long.MIN_VALUE, i, 0));
        }
    }
}
