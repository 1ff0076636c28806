package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.spi.Geometry;
import org.junit.jupiter.api.Test;

/**
 * What libiscsi's Read10/12/16 and Write10/12/16 suites check, for one READ or WRITE CDB size:
 * Simple, BeyondEol, ZeroBlocks, ReadProtect/WriteProtect, DpoFua, Flags; plus the transfer limit.
 * Each command's test class supplies the CDB and adds its own edge LBAs.
 */
abstract class BlockTransferContract {

    static final long N = Units.BLOCKS;
    static final long TWO_TO_31 = 0x8000_0000L;

    final LogicalUnitInfo lu = Units.standard();

    abstract ScsiOpcode opcode();

    abstract boolean write();

    /** The CDB with LBA, TRANSFER LENGTH and flags byte 1 (PROTECT << 5 | DPO 10h | FUA 08h | FUA_NV 02h). */
    abstract CommandRequest cdb(long lba, long blocks, int flags);

    /** Offset of the TRANSFER LENGTH field, where the field pointer of a too-long transfer points. */
    abstract int transferLengthOffset();

    /** All ones in the LBA field: -1 as libiscsi writes it. */
    abstract long minusOne();

    CommandPlan transfer(long lba, long blocks, boolean fua) {
        return write() ? new CommandPlan.WriteBlocks(lba, blocks, fua) : new CommandPlan.ReadBlocks(lba, blocks, fua);
    }

    CommandPlan run(long lba, long blocks, int flags) {
        return dispatch(lu, cdb(lba, blocks, flags));
    }

    @Test
    void simpleAtStartAndEndOfLun() {
        for (long i = 1; i <= 256; i++) {
            assertEquals(transfer(0, i, false), run(0, i, 0));
            assertEquals(transfer(N - i, i, false), run(N - i, i, 0));
        }
    }

    @Test
    void lastBlock() {
        assertEquals(transfer(N - 1, 1, false), run(N - 1, 1, 0));
    }

    @Test
    void beyondEol() {
        for (long i = 1; i <= 256; i++) {
            expectLbaOutOfRange(run(N + 1 - i, i, 0));
            expectLbaOutOfRange(run(TWO_TO_31, i, 0));
            expectLbaOutOfRange(run(minusOne(), i, 0));
        }
        for (long i = 2; i <= 256; i++) {
            expectLbaOutOfRange(run(N - 1, i, 0));
        }
    }

    @Test
    void zeroBlocks() {
        assertEquals(transfer(0, 0, false), run(0, 0, 0));
        assertEquals(transfer(N - 1, 0, false), run(N - 1, 0, 0));
        expectLbaOutOfRange(run(N, 0, 0));
        expectLbaOutOfRange(run(N + 1, 0, 0));
        expectLbaOutOfRange(run(TWO_TO_31, 0, 0));
        expectLbaOutOfRange(run(minusOne(), 0, 0));
    }

    @Test
    void nonZeroProtectIsInvalidFieldWithoutProtectionInformation() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(run(0, 1, protect << 5), 1, 7);
        }
    }

    @Test
    void protectIsCheckedBeforeTheRange() {
        expectInvalidFieldInCdb(run(minusOne(), 1, 0x20), 1, 7);
    }

    @Test
    void dpoAndFuaAreAccepted() {
        assertEquals(transfer(0, 1, false), run(0, 1, 0x10));
        assertEquals(transfer(0, 1, true), run(0, 1, 0x08));
        assertEquals(transfer(0, 1, true), run(0, 1, 0x18));
    }

    /** write-cache = false (WCE = 0): SBC-3 §6.4.5, every WRITE is on the medium before GOOD; READs as asked. */
    @Test
    void withTheWriteCacheDisabledEveryWriteIsForceUnitAccess() {
        LogicalUnitInfo writeThrough = Units.withoutWriteCache();
        assertEquals(transfer(0, 1, write()), dispatch(writeThrough, cdb(0, 1, 0)));
        assertEquals(transfer(0, 1, true), dispatch(writeThrough, cdb(0, 1, 0x08)));
    }

    @Test
    void fuaNvIsAccepted() {
        assertEquals(transfer(0, 1, false), run(0, 1, 0x02));
        assertEquals(transfer(0, 1, true), run(0, 1, 0x1A));
    }

    @Test
    void transferLengthAboveMaximumIsInvalidField() {
        LogicalUnitInfo limited = Units.withMaxTransfer(128);
        assertEquals(transfer(0, 128, false), dispatch(limited, cdb(0, 128, 0)));
        expectInvalidFieldInCdb(dispatch(limited, cdb(0, 129, 0)), transferLengthOffset(), -1);
    }

    @Test
    void defaultMaximumIsEightMebibytes() {
        assertEquals(transfer(0, 16384, false), run(0, 16384, 0));
        expectInvalidFieldInCdb(run(0, 16385, 0), transferLengthOffset(), -1);
    }

    @Test
    void lbaPlusLengthDoesNotWrap() {
        LogicalUnitInfo unlimited = Units.withMaxTransfer(0);
        expectLbaOutOfRange(dispatch(unlimited, cdb(N - 1, 0xFFFF, 0)));
        expectLbaOutOfRange(dispatch(unlimited, cdb(minusOne(), 0xFFFF, 0)));
        LogicalUnitInfo small = Units.of(new Geometry(512, 1000), 0);
        expectLbaOutOfRange(dispatch(small, cdb(1, 1000, 0)));
        assertEquals(transfer(0, 1000, false), dispatch(small, cdb(0, 1000, 0)));
    }
}
