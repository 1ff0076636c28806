package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** VERIFY(10) without byte comparison. */
class Verify10Test extends VerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block10(ScsiOpcode.VERIFY_10, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
