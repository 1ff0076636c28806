package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** libiscsi Write10: Simple, BeyondEol, ZeroBlocks, WriteProtect, DpoFua, Flags. */
class Write10Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.WRITE_10;
    }

    @Override
    boolean write() {
        return true;
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
