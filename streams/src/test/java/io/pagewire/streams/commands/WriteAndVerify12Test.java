package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** WRITE AND VERIFY(12). */
class WriteAndVerify12Test extends WriteAndVerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block12(ScsiOpcode.WRITE_AND_VERIFY_12, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
