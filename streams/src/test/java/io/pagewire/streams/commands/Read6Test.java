package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** libiscsi Read6: Simple, BeyondEol; TRANSFER LENGTH 0 is 256 blocks. */
class Read6Test extends SixByteTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.READ_6;
    }

    @Override
    boolean write() {
        return false;
    }
}
