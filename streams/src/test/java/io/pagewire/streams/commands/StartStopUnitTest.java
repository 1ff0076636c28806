package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** START STOP UNIT: everything is accepted; a plain stop writes the cache first. */
class StartStopUnitTest {

    static CommandRequest startStop(boolean immed, int powerCondition, boolean noFlush, boolean loej, boolean start) {
        int condition = powerCondition << 4 | (noFlush ? 0x04 : 0) | (loej ? 0x02 : 0) | (start ? 0x01 : 0);
        return Cdbs.request(ScsiOpcode.START_STOP_UNIT.code(), immed ? 1 : 0, 0, 0, condition);
    }

    @Test
    void startIsGood() {
        expectGood(dispatch(startStop(false, 0, false, false, true)));
        expectGood(dispatch(startStop(true, 0, false, true, true)));
    }

    @Test
    void stopWithoutNoFlushFlushes() {
        assertEquals(new CommandPlan.Flush(), dispatch(startStop(false, 0, false, false, false)));
        assertEquals(new CommandPlan.Flush(), dispatch(startStop(true, 0, false, true, false)));
    }

    @Test
    void stopWithNoFlushIsGood() {
        expectGood(dispatch(startStop(false, 0, true, false, false)));
    }

    @Test
    void everyPowerConditionIsAccepted() {
        // libiscsi StartStopUnit.PwrCnd sends 1..15 with LOEJ = 1, START = 0
        for (int pc = 1; pc < 16; pc++) {
            expectGood(dispatch(startStop(true, pc, false, true, false)));
        }
    }
}
