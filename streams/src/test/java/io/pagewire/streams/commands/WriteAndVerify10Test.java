package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** WRITE AND VERIFY(10). */
class WriteAndVerify10Test extends WriteAndVerifyContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block10(ScsiOpcode.WRITE_AND_VERIFY_10, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
