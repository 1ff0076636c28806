package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** VERIFY(16) without byte comparison. */
class Verify16Test extends VerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block16(ScsiOpcode.VERIFY_16, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return -1L;
    }
}
