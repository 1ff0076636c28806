package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** libiscsi Read12: Simple, BeyondEol, ZeroBlocks, ReadProtect, DpoFua. */
class Read12Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.READ_12;
    }

    @Override
    boolean write() {
        return false;
    }

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block12(opcode(), lba, blocks, flags);
    }

    @Override
    int transferLengthOffset() {
        return 6;
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
