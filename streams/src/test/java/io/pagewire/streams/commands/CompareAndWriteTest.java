package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.spi.Geometry;
import org.junit.jupiter.api.Test;

/** COMPARE AND WRITE: libiscsi's CompareAndWrite Simple, Miscompare (limits), DpoFua, InvalidDataOutSize. */
class CompareAndWriteTest {

    static final long N = Units.BLOCKS;
    static final int BLOCK = 512;

    /** As libiscsi's scsi_cdb_compareandwrite: flags byte 1, LBA 2..9, NUMBER OF LOGICAL BLOCKS byte 13. */
    static CommandRequest caw(long lba, int blocks, int flags, long dataOutBytes) {
        byte[] c = Cdbs.cdb(ScsiOpcode.COMPARE_AND_WRITE.code(), flags);
        Cdbs.putBe(c, 2, 8, lba);
        c[13] = (byte) blocks;
        return new CommandRequest(c, dataOutBytes, false, dataOutBytes > 0);
    }

    static CommandRequest caw(long lba, int blocks, int flags) {
        return caw(lba, blocks, flags, 2L * blocks * BLOCK);
    }

    static CommandPlan.DataOutOperation expectCompareAndWrite(CommandPlan plan, long lba, int blocks, boolean fua) {
        CommandPlan.DataOutOperation op = assertInstanceOf(CommandPlan.DataOutOperation.class, plan);
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE_AND_WRITE, lba, blocks, 2L * blocks,
                fua), op);
        return op;
    }

    @Test
    void oneTo255BlocksAtStartAndEnd() {
        for (int i = 1; i <= 255; i++) {
            expectCompareAndWrite(dispatch(caw(0, i, 0)), 0, i, false);
            expectCompareAndWrite(dispatch(caw(N - i, i, 0)), N - i, i, false);
        }
    }

    @Test
    void dpoAndFuaAreAccepted() {
        expectCompareAndWrite(dispatch(caw(0, 1, 0x10)), 0, 1, false);
        expectCompareAndWrite(dispatch(caw(0, 1, 0x08)), 0, 1, true);
        expectCompareAndWrite(dispatch(caw(0, 1, 0x18)), 0, 1, true);
    }

    @Test
    void beyondTheEndIsLbaOutOfRange() {
        expectLbaOutOfRange(dispatch(caw(N, 1, 0)));
        expectLbaOutOfRange(dispatch(caw(N - 1, 2, 0)));
        expectLbaOutOfRange(dispatch(caw(0x8000_0000_0000_0000L, 1, 0)));
        expectLbaOutOfRange(dispatch(caw(-1L, 1, 0)));
    }

    @Test
    void zeroBlocksMovesNothing() {
        assertEquals(new CommandPlan.WriteBlocks(N - 1, 0, false), dispatch(caw(N - 1, 0, 0)));
        expectLbaOutOfRange(dispatch(caw(N, 0, 0)));
    }

    @Test
    void nonZeroWrprotectIsInvalidField() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(dispatch(caw(0, 1, protect << 5)), 1, 7);
        }
    }

    @Test
    void moreThanMaximumCompareAndWriteLengthIsInvalidField() {
        LogicalUnitInfo small = Units.withMaxTransfer(16); // Data-Out of 2 x 8 blocks fits MAXIMUM TRANSFER LENGTH
        assertEquals(8, CompareAndWrite.maximumBlocks(small));
        expectCompareAndWrite(Outcomes.dispatch(small, caw(0, 8, 0)), 0, 8, false);
        expectInvalidFieldInCdb(Outcomes.dispatch(small, caw(0, 9, 0)), 13, -1);
        assertEquals(255, CompareAndWrite.maximumBlocks(Units.withMaxTransfer(0)));
        assertEquals(1, CompareAndWrite.maximumBlocks(Units.withMaxTransfer(1)));
    }

    @Test
    void dataOutOfAnotherLengthIsInvalidFieldAtTheNumberOfBlocks() {
        // libiscsi 1.19 asks for 256 blocks: NUMBER OF LOGICAL BLOCKS wraps to 0, the Data-Out is 512 blocks.
        expectInvalidFieldInCdb(dispatch(caw(0, 0, 0, 512L * BLOCK)), 13, -1);
        expectInvalidFieldInCdb(dispatch(caw(0, 1, 0, 4L * BLOCK)), 13, -1);
        expectInvalidFieldInCdb(dispatch(caw(0, 3, 0, 4L * BLOCK)), 13, -1);
        expectInvalidFieldInCdb(dispatch(caw(0, 1, 0, 0)), 13, -1);
    }

    @Test
    void blockLimitsAdvertiseTheMaximum() {
        byte[] page = Outcomes.expectData(dispatch(Cdbs.inquiry(true, 0xB0, 255)));
        assertEquals(255, page[5] & 0xFF);
        byte[] small = Outcomes.expectData(Outcomes.dispatch(Units.of(new Geometry(4096, 1000), 32),
                Cdbs.inquiry(true, 0xB0, 255)));
        assertEquals(16, small[5] & 0xFF);
    }

    @Test
    void reportedCdbUsage() {
        byte[] usage = Outcomes.TABLE.operation(0x89, 0).orElseThrow().usage();
        assertArrayEquals(Outcomes.bytes(0x89, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0, 0),
                usage);
    }
}
