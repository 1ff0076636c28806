package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** WRITE AND VERIFY(16). */
class WriteAndVerify16Test extends WriteAndVerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block16(ScsiOpcode.WRITE_AND_VERIFY_16, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFF_FFFF_FFFFL;
    }
}
