package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** libiscsi Read10: Simple, BeyondEol, ZeroBlocks, ReadProtect, DpoFua. */
class Read10Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.READ_10;
    }

    @Override
    boolean write() {
        return false;
    }

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block10(opcode(), lba, blocks, flags);
    }

    @Override
    int transferLengthOffset() {
        return 7;
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
