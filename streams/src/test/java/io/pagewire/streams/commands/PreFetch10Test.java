package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/** PRE-FETCH(10). */
class PreFetch10Test extends PreFetchContract {

    @Override
    CommandRequest cdb(long lba, long blocks, int flags) {
        return Cdbs.block10(ScsiOpcode.PRE_FETCH_10, lba, blocks, flags);
    }

    @Override
    long minusOne() {
        return 0xFFFF_FFFFL;
    }
}
