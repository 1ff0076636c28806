package io.pagewire.streams.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.pipeline.IoRequest;
import org.junit.jupiter.api.Test;

/**
 * WCE = 0 (SBC-3 §6.4.5) through {@link WriteCache}: each command that writes the medium, dispatched
 * by the command table without FUA, is forced to the medium with WCE = 0 and left alone with WCE = 1;
 * commands that do not write keep their plan either way.
 */
class WriteCachePlanTest {

    private static final int FUA = 0x08;

    private static CommandPlan withWce(CommandRequest request, boolean wce) {
        return WriteCache.apply(Outcomes.dispatch(Units.thin(), request), wce);
    }

    private static boolean durable(CommandPlan plan) {
        if (plan instanceof CommandPlan.WriteBlocks w) {
            return w.fua();
        }
        if (plan instanceof CommandPlan.WriteSame w) {
            return w.fua();
        }
        return assertInstanceOf(CommandPlan.DataOutOperation.class, plan).fua();
    }

    private static void assertForcedOnlyWithoutCache(CommandRequest request) {
        assertFalse(durable(withWce(request, true)), "WCE = 1: as the CDB asks (no FUA)");
        assertTrue(durable(withWce(request, false)), "WCE = 0: forced to the medium");
    }

    @Test
    void write6To16() {
        assertForcedOnlyWithoutCache(Cdbs.write6(8, 1));
        assertForcedOnlyWithoutCache(Cdbs.block10(ScsiOpcode.WRITE_10, 8, 1, 0));
        assertForcedOnlyWithoutCache(Cdbs.block12(ScsiOpcode.WRITE_12, 8, 1, 0));
        assertForcedOnlyWithoutCache(Cdbs.block16(ScsiOpcode.WRITE_16, 8, 1, 0));
    }

    @Test
    void writeSame10And16WithAndWithoutUnmapAndNdob() {
        assertForcedOnlyWithoutCache(Cdbs.block10(ScsiOpcode.WRITE_SAME_10, 8, 4, 0));
        assertForcedOnlyWithoutCache(Cdbs.block16(ScsiOpcode.WRITE_SAME_16, 8, 4, 0));
        assertForcedOnlyWithoutCache(Cdbs.block16(ScsiOpcode.WRITE_SAME_16, 8, 4, 0x08)); // UNMAP
        assertForcedOnlyWithoutCache(Cdbs.block16(ScsiOpcode.WRITE_SAME_16, 8, 4, 0x01)); // NDOB
        assertEquals(new CommandPlan.WriteSame(8, 4, true, false, true),
                withWce(Cdbs.block16(ScsiOpcode.WRITE_SAME_16, 8, 4, 0x08), false), "only the flag changes");
    }

    @Test
    void compareAndWrite() {
        CommandRequest caw = CompareAndWriteTest.caw(8, 2, 0);
        assertForcedOnlyWithoutCache(caw);
        assertEquals(new CommandPlan.DataOutOperation(IoRequest.Operation.COMPARE_AND_WRITE, 8, 2, 4, true),
                withWce(caw, false));
    }

    @Test
    void orWrite16() {
        assertForcedOnlyWithoutCache(Cdbs.block16(ScsiOpcode.ORWRITE_16, 8, 2, 0));
    }

    @Test
    void writeAtomic16() {
        assertForcedOnlyWithoutCache(WriteAtomic16Test.writeAtomic(8, 2, 0));
    }

    /** WRITE AND VERIFY reads back what it wrote from the medium: always FUA, whatever WCE says. */
    @Test
    void writeAndVerifyIsForcedEitherWay() {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.WRITE_AND_VERIFY_10, ScsiOpcode.WRITE_AND_VERIFY_12,
                ScsiOpcode.WRITE_AND_VERIFY_16}) {
            CommandRequest bytchk0 = op == ScsiOpcode.WRITE_AND_VERIFY_10 ? Cdbs.block10(op, 8, 2, 0)
                    : op == ScsiOpcode.WRITE_AND_VERIFY_12 ? Cdbs.block12(op, 8, 2, 0) : Cdbs.block16(op, 8, 2, 0);
            assertTrue(durable(withWce(bytchk0, true)), op + " BYTCHK 00b, WCE = 1");
            assertTrue(durable(withWce(bytchk0, false)), op + " BYTCHK 00b, WCE = 0");
        }
        CommandRequest bytchk1 = Cdbs.block10(ScsiOpcode.WRITE_AND_VERIFY_10, 8, 2, 0x02);
        CommandPlan compare = withWce(bytchk1, false);
        assertEquals(IoRequest.Operation.WRITE_AND_COMPARE,
                assertInstanceOf(CommandPlan.DataOutOperation.class, compare).operation());
        assertTrue(durable(compare));
        assertTrue(durable(withWce(bytchk1, true)));
    }

    @Test
    void aFuaWriteStaysForcedWithTheCacheOn() {
        assertTrue(durable(withWce(Cdbs.block10(ScsiOpcode.WRITE_10, 8, 1, FUA), true)));
    }

    @Test
    void commandsThatDoNotWriteTheMediumKeepTheirPlan() {
        for (CommandRequest request : new CommandRequest[] {Cdbs.block10(ScsiOpcode.VERIFY_10, 8, 2, 0x02),
                Cdbs.block10(ScsiOpcode.READ_10, 8, 2, 0), Cdbs.block10(ScsiOpcode.SYNCHRONIZE_CACHE_10, 0, 0, 0)}) {
            CommandPlan plan = Outcomes.dispatch(Units.thin(), request);
            assertSame(plan, WriteCache.apply(plan, false), request.toString());
        }
        CommandPlan.DataOutOperation verify = assertInstanceOf(CommandPlan.DataOutOperation.class,
                withWce(Cdbs.block10(ScsiOpcode.VERIFY_10, 8, 2, 0x02), false));
        assertFalse(verify.fua(), "VERIFY compares and writes nothing");
    }

    @Test
    void extendedCopyDecidesPerDestination() {
        assertTrue(WriteCache.durable(false, false));
        assertFalse(WriteCache.durable(false, true));
        assertTrue(WriteCache.durable(true, true));
    }
}
