package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** READ(6)'s checks for WRITE(6): TRANSFER LENGTH 0 is 256 blocks, 21-bit LBA. */
class Write6Test extends SixByteTransferContract {

    @Override
    ScsiOpcode opcode() {
        return ScsiOpcode.WRITE_6;
    }

    @Override
    boolean write() {
        return true;
    }
}
