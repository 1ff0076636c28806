package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** WRITE ATOMIC(16): libiscsi's WriteAtomic16 Simple, BeyondEol, ZeroBlocks, WriteProtect, DpoFua, VPD. */
class WriteAtomic16Test {

    static final long N = Units.BLOCKS;

    /** As libiscsi's scsi_cdb_writeatomic16: flags byte 1, LBA 2..9, TRANSFER LENGTH 12..13. */
    static CommandRequest writeAtomic(long lba, int blocks, int flags) {
        byte[] c = Cdbs.cdb(ScsiOpcode.WRITE_ATOMIC_16.code(), flags);
        Cdbs.putBe(c, 2, 8, lba);
        Cdbs.putBe(c, 12, 2, blocks);
        return Cdbs.request(c);
    }

    static CommandPlan atomicPlan(long lba, long blocks, boolean fua) {
        return new CommandPlan.DataOutOperation(IoRequest.Operation.ATOMIC_WRITE, lba, blocks, blocks, fua);
    }

    @Test
    void oneTo256BlocksAtStartAndEnd() {
        for (int i = 1; i <= 256; i++) {
            assertEquals(atomicPlan(0, i, false), dispatch(writeAtomic(0, i, 0)));
            assertEquals(atomicPlan(N - i, i, false), dispatch(writeAtomic(N - i, i, 0)));
        }
    }

    @Test
    void zeroBlocks() {
        assertEquals(new CommandPlan.WriteBlocks(0, 0, false), dispatch(writeAtomic(0, 0, 0)));
        expectLbaOutOfRange(dispatch(writeAtomic(N + 1, 0, 0)));
        expectLbaOutOfRange(dispatch(writeAtomic(0x8000_0000_0000_0000L, 0, 0)));
        expectLbaOutOfRange(dispatch(writeAtomic(-1L, 0, 0)));
    }

    @Test
    void beyondEol() {
        for (int i = 1; i <= 256; i++) {
            expectLbaOutOfRange(dispatch(writeAtomic(N - i, 2 * i, 0)));
            expectLbaOutOfRange(dispatch(writeAtomic(0x8000_0000_0000_0000L, i, 0)));
            expectLbaOutOfRange(dispatch(writeAtomic(-1L, i, 0)));
        }
    }

    @Test
    void nonZeroWrprotectIsInvalidField() {
        for (int protect = 1; protect < 8; protect++) {
            expectInvalidFieldInCdb(dispatch(writeAtomic(0, 1, protect << 5)), 1, 7);
        }
    }

    @Test
    void dpoAndFua() {
        assertEquals(atomicPlan(0, 1, false), dispatch(writeAtomic(0, 1, 0x10)));
        assertEquals(atomicPlan(0, 1, true), dispatch(writeAtomic(0, 1, 0x18)));
        assertArrayEquals(Outcomes.bytes(0x9C, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF,
                0, 0), Outcomes.TABLE.operation(0x9C, 0).orElseThrow().usage());
    }

    @Test
    void aboveMaximumAtomicTransferLengthIsInvalidField() {
        assertEquals(2048, WriteAtomic16.maximumBlocks(Units.standard()));
        assertEquals(atomicPlan(0, 2048, false), dispatch(writeAtomic(0, 2048, 0)));
        expectInvalidFieldInCdb(dispatch(writeAtomic(0, 2049, 0)), 12, -1);
        // Never above MAXIMUM TRANSFER LENGTH (libiscsi WriteAtomic16.VPD).
        assertEquals(128, WriteAtomic16.maximumBlocks(Units.withMaxTransfer(128)));
        expectInvalidFieldInCdb(Outcomes.dispatch(Units.withMaxTransfer(128), writeAtomic(0, 129, 0)), 12, -1);
    }

    @Test
    void blockLimitsAdvertiseItWithoutAlignmentOrGranularity() {
        byte[] page = Outcomes.expectData(Outcomes.dispatch(Units.of(new Geometry(4096, 1000), false),
                Cdbs.inquiry(true, 0xB0, 255)));
        assertArrayEquals(Outcomes.bytes(0, 0, 0x01, 0x00), Arrays.copyOfRange(page, 44, 48)); // 256 blocks = 1 MiB
        assertArrayEquals(new byte[16], Arrays.copyOfRange(page, 48, 64));
    }
}
