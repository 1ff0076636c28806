package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.streams.pipeline.IoRequest;
import org.junit.jupiter.api.Test;

/** WRITE AND VERIFY for one CDB size: libiscsi's WriteVerify Simple, BeyondEol, ZeroBlocks, Wrprotect, Flags. */
abstract class WriteAndVerifyContract {

    static final long N = Units.BLOCKS;

    /** The CDB with flags byte 1 = WRPROTECT << 5 | DPO 10h | BYTCHK << 1. */
    abstract CommandRequest cdb(long lba, long blocks, int flags);

    abstract long minusOne();

    static void expectWrite(CommandPlan plan, long lba, long blocks) {
        // Written through to the medium before status: planned with FUA.
        assertEquals(new CommandPlan.WriteBlocks(lba, blocks, true), assertInstanceOf(CommandPlan.WriteBlocks.class, plan));
    }

    @Test
    void simpleAtStartAndEnd() {
        for (long i = 1; i <= 256; i++) {
            expectWrite(dispatch(cdb(0, i, 0)), 0, i);
            expectWrite(dispatch(cdb(N - i, i, 0)), N - i, i);
        }
    }

    @Test
    void zeroBlocks() {
        expectWrite(dispatch(cdb(0, 0, 0)), 0, 0);
        expectWrite(dispatch(cdb(N - 1, 0, 0)), N - 1, 0);
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
    void bytchkZeroWritesAndDpoIsAccepted() {
        expectWrite(dispatch(cdb(0, 1, 0)), 0, 1);
        expectWrite(dispatch(cdb(0, 1, 0x10)), 0, 1);
    }

    @Test
    void bytchkOneWritesThenComparesWithFua() {
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.WRITE_AND_COMPARE, 0, 1, 1, true),
                dispatch(cdb(0, 1, 0x02)));
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.WRITE_AND_COMPARE, N - 256, 256, 256, true),
                dispatch(cdb(N - 256, 256, 0x02 | 0x10)));
        expectWrite(dispatch(cdb(N - 1, 0, 0x02)), N - 1, 0);
    }

    @Test
    void reservedBytchkIsInvalidField() {
        expectInvalidFieldInCdb(dispatch(cdb(0, 1, 0b10 << 1)), 1, 2);
        expectInvalidFieldInCdb(dispatch(cdb(0, 1, 0b11 << 1)), 1, 2);
    }

    @Test
    void nonZeroWrprotectIsInvalidField() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(dispatch(cdb(0, 1, protect << 5)), 1, 7);
        }
    }

    @Test
    void transferLengthAboveMaximumIsInvalidField() {
        CommandPlan plan = Outcomes.dispatch(Units.withMaxTransfer(128), cdb(0, 129, 0));
        assertInstanceOf(CommandPlan.CheckCondition.class, plan);
        expectWrite(Outcomes.dispatch(Units.withMaxTransfer(128), cdb(0, 128, 0)), 0, 128);
    }
}
