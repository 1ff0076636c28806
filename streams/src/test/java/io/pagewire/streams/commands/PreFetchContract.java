package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;

import org.junit.jupiter.api.Test;

/** PRE-FETCH for one CDB size: libiscsi's Prefetch Simple, BeyondEol, ZeroBlocks, Flags. */
abstract class PreFetchContract {

    static final long N = Units.BLOCKS;

    /** The CDB with byte 1 = {@code flags} (IMMED 02h). */
    abstract CommandRequest cdb(long lba, long blocks, int flags);

    abstract long minusOne();

    @Test
    void simpleAtStartAndEndIsGood() {
        for (long i = 1; i <= 256; i++) {
            expectGood(dispatch(cdb(0, i, 0)));
            expectGood(dispatch(cdb(N - i, i, 0)));
        }
    }

    @Test
    void zeroBlocksMeansToTheEnd() {
        expectGood(dispatch(cdb(0, 0, 0)));
        expectGood(dispatch(cdb(N - 1, 0, 0)));
        expectLbaOutOfRange(dispatch(cdb(N, 0, 0)));
        expectLbaOutOfRange(dispatch(cdb(0x8000_0000L, 0, 0)));
        expectLbaOutOfRange(dispatch(cdb(minusOne(), 0, 0)));
    }

    @Test
    void beyondEol() {
        for (long i = 1; i <= 256; i++) {
            expectLbaOutOfRange(dispatch(cdb(N + 1 - i, i, 0)));
            expectLbaOutOfRange(dispatch(cdb(minusOne(), i, 0)));
        }
    }

    @Test
    void immedIsAccepted() {
        expectGood(dispatch(cdb(0, 1, 0x02)));
    }
}
