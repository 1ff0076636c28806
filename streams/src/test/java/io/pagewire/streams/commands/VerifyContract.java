package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.streams.pipeline.IoRequest;
import org.junit.jupiter.api.Test;

/** VERIFY for one CDB size: libiscsi's Verify ZeroBlocks, BeyondEol, VerifyProtect, and each BYTCHK value. */
abstract class VerifyContract {

    static final long N = Units.BLOCKS;

    /** The CDB with flags byte 1 = VRPROTECT << 5 | DPO 10h | BYTCHK << 1. */
    abstract CommandRequest cdb(long lba, long blocks, int flags);

    abstract long minusOne();

    @Test
    void simpleAtStartAndEnd() {
        for (long i = 1; i <= 256; i++) {
            expectGood(dispatch(cdb(0, i, 0)));
            expectGood(dispatch(cdb(N - i, i, 0)));
        }
    }

    @Test
    void zeroBlocks() {
        expectGood(dispatch(cdb(0, 0, 0)));
        expectLbaOutOfRange(dispatch(cdb(N + 1, 0, 0)));
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
    void dpoIsAccepted() {
        expectGood(dispatch(cdb(0, 1, 0x10)));
    }

    @Test
    void nonZeroVrprotectIsInvalidField() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(dispatch(cdb(0, 1, protect << 5)), 1, 7);
        }
    }

    @Test
    void rangeIsCheckedBeforeByteCheck() {
        expectLbaOutOfRange(dispatch(cdb(N, 1, 0x02)));
        expectLbaOutOfRange(dispatch(cdb(minusOne(), 0, 0x02)));
    }

    @Test
    void bytchkOneComparesTheWholeRange() {
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE, 0, 1, 1, false),
                dispatch(cdb(0, 1, 0b01 << 1)));
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE, N - 256, 256, 256, false),
                dispatch(cdb(N - 256, 256, 0b01 << 1 | 0x10)));
    }

    @Test
    void bytchkThreeComparesOneBlockWithEveryBlock() {
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE_EACH_BLOCK, N - 8, 8, 1, false),
                dispatch(cdb(N - 8, 8, 0b11 << 1)));
    }

    @Test
    void bytchkTwoIsReserved() {
        expectInvalidFieldInCdb(dispatch(cdb(0, 1, 0b10 << 1)), 1, 2);
        expectInvalidFieldInCdb(dispatch(cdb(0, 0, 0b10 << 1)), 1, 2);
    }

    @Test
    void zeroBlocksWithByteCheckComparesNothing() {
        expectGood(dispatch(cdb(0, 0, 0b01 << 1)));
        expectGood(dispatch(cdb(N - 1, 0, 0b11 << 1)));
    }

    @Test
    void byteCheckAboveMaximumTransferLengthIsInvalidField() {
        assertInstanceOf(CommandPlan.CheckCondition.class,
                Outcomes.dispatch(Units.withMaxTransfer(128), cdb(0, 129, 0b01 << 1)));
        assertInstanceOf(CommandPlan.DataOutOperation.class,
                Outcomes.dispatch(Units.withMaxTransfer(128), cdb(0, 128, 0b01 << 1)));
        expectGood(Outcomes.dispatch(Units.withMaxTransfer(128), cdb(0, 129, 0)));
    }
}
