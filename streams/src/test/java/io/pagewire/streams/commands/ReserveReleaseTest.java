package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** RESERVE(6)/(10) and RELEASE(6)/(10): whole-LU reservations; third-party ones are refused. */
class ReserveReleaseTest {

    @Test
    void reserveAndReleaseGoToTheControlActor() {
        assertEquals(new ControlRequest.Reserve(), control(ScsiOpcode.RESERVE_6));
        assertEquals(new ControlRequest.Reserve(), control(ScsiOpcode.RESERVE_10));
        assertEquals(new ControlRequest.Release(), control(ScsiOpcode.RELEASE_6));
        assertEquals(new ControlRequest.Release(), control(ScsiOpcode.RELEASE_10));
    }

    @Test
    void thirdPartyAndLongIdAreInvalidInTheTenByteCdbs() {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.RESERVE_10, ScsiOpcode.RELEASE_10}) {
            expectInvalidFieldInCdb(dispatch(Cdbs.request(op.code(), 0x10)), 1, 4);
            expectInvalidFieldInCdb(dispatch(Cdbs.request(op.code(), 0x02)), 1, 1);
        }
    }

    private static ControlRequest control(ScsiOpcode op) {
        CommandPlan.Control plan = assertInstanceOf(CommandPlan.Control.class, dispatch(Cdbs.request(op.code())));
        assertEquals(0, plan.parameterLength());
        return plan.request();
    }
}
