package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.spi.Geometry;
import org.junit.jupiter.api.Test;

/**
 * READ(6) / WRITE(6) as libiscsi's Read6 suite drives them, on a LUN small enough for the 21-bit LBA
 * (libiscsi skips BeyondEol above 0x1FFFFF blocks).
 */
abstract class SixByteTransferContract {

    static final long N = 0x10_0000;
    static final long MAX_LBA_FIELD = 0x1F_FFFF;

    final LogicalUnitInfo lu = Units.of(new Geometry(512, N), false);

    abstract ScsiOpcode opcode();

    abstract boolean write();

    /** libiscsi's marshalling: 256 blocks is written as 0. */
    CommandRequest cdb(long lba, int blocks) {
        byte[] c = Cdbs.cdb(opcode().code());
        Cdbs.putBe(c, 1, 3, lba & MAX_LBA_FIELD);
        c[4] = (byte) (blocks == 256 ? 0 : blocks);
        return Cdbs.request(c);
    }

    CommandPlan transfer(long lba, long blocks) {
        return write() ? new CommandPlan.WriteBlocks(lba, blocks, false) : new CommandPlan.ReadBlocks(lba, blocks, false);
    }

    @Test
    void simpleAtStartAndEndOfLun() {
        for (int i = 1; i <= 255; i++) {
            assertEquals(transfer(0, i), dispatch(lu, cdb(0, i)));
            assertEquals(transfer(N - i, i), dispatch(lu, cdb(N - i, i)));
        }
    }

    @Test
    void transferLengthZeroMeans256Blocks() {
        assertEquals(transfer(0, 256), dispatch(lu, cdb(0, 256)));
        assertEquals(transfer(N - 256, 256), dispatch(lu, cdb(N - 256, 256)));
        expectLbaOutOfRange(dispatch(lu, cdb(N - 255, 256)));
    }

    @Test
    void beyondEol() {
        for (int i = 1; i <= 255; i++) {
            expectLbaOutOfRange(dispatch(lu, cdb(N + 1 - i, i)));
            expectLbaOutOfRange(dispatch(lu, cdb(MAX_LBA_FIELD, i)));
        }
        for (int i = 2; i <= 255; i++) {
            expectLbaOutOfRange(dispatch(lu, cdb(N - 1, i)));
        }
    }

    @Test
    void topThreeBitsOfByteOneAreNotPartOfTheLba() {
        CommandRequest request = cdb(5, 1);
        request.cdb()[1] |= (byte) 0xE0;
        assertEquals(transfer(5, 1), dispatch(lu, request));
    }

    @Test
    void fullTwentyOneBitLbaOnABigLun() {
        LogicalUnitInfo big = Units.of(new Geometry(512, 0x20_0000), false);
        assertEquals(transfer(MAX_LBA_FIELD, 1), dispatch(big, cdb(MAX_LBA_FIELD, 1)));
        expectLbaOutOfRange(dispatch(big, cdb(MAX_LBA_FIELD, 2)));
    }

    @Test
    void transferLimitAppliesToTheImplied256() {
        LogicalUnitInfo limited = Units.of(new Geometry(512, N), 255);
        assertEquals(transfer(0, 255), dispatch(limited, cdb(0, 255)));
        expectInvalidFieldInCdb(dispatch(limited, cdb(0, 256)), 4, -1);
    }
}
