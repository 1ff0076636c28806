package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** PRE-FETCH(16). */
class PreFetch16Test extends PreFetchContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block16(ScsiOpcode.PRE_FETCH_16, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFF_FFFF_FFFFL;
    }
}
