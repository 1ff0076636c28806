package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** libiscsi Write12: Simple, BeyondEol, ZeroBlocks, WriteProtect, DpoFua, Flags. */
class Write12Test extends BlockTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.WRITE_12;
    }

    @Override
    boolean write() {
        return true;
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
