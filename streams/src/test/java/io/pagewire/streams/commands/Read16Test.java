package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** libiscsi Read16: Simple, BeyondEol, ZeroBlocks, ReadProtect, DpoFua. */
class Read16Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.READ_16;
    }

    @Override
    boolean write() {
        return false;
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
    void beyondEolAtTwoToThe63AndWhereByteOffsetsWrap() {
        // libiscsi Read16.BeyondEol: 2^63, 2^(64 - log2(block size)), 2^(63 - log2(block size))
        for (long i = 1; i <= 256; i++) {
            expectLbaOutOfRange(run(Long.MIN_VALUE, i, 0));
            expectLbaOutOfRange(run(1L << 55, i, 0));
            expectLbaOutOfRange(run(1L << 54, i, 0));
        }
        expectLbaOutOfRange(run(Long.MIN_VALUE, 0, 0));
    }
}
