package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** VERIFY(12) without byte comparison. */
class Verify12Test extends VerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block12(ScsiOpcode.VERIFY_12, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
