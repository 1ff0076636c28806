package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** PERSISTENT RESERVE IN: service actions 0..3 go to the control actor with their allocation length. */
class PersistentReserveInTest {

    static CommandRequest prin(int action, int allocationLength) {
        return Cdbs.request(ScsiOpcode.PERSISTENT_RESERVE_IN.code(), action, 0, 0, 0, 0, 0,
                allocationLength >>> 8, allocationLength & 0xFF, 0);
    }

    @Test
    void eachServiceActionIsAControlRequestWithItsAllocationLength() {
        for (int action = 0; action <= 3; action++) {
            CommandPlan.Control plan = assertInstanceOf(CommandPlan.Control.class, dispatch(prin(action, 0x1234)));
            assertEquals(new ControlRequest.PersistentReserveIn(action, 0x1234), plan.request());
            assertEquals(0, plan.parameterLength());
        }
    }

    @Test
    void zeroAllocationLengthIsNotAnError() {
        CommandPlan.Control plan = assertInstanceOf(CommandPlan.Control.class, dispatch(prin(0, 0)));
        assertEquals(new ControlRequest.PersistentReserveIn(0, 0), plan.request());
    }

    @Test
    void serviceActionsFourToThirtyOneAreInvalidFieldsInTheCdb() {
        // libiscsi PrinServiceactionRange
        for (int action = 4; action < 32; action++) {
            expectInvalidFieldInCdb(dispatch(prin(action, 8)), 1, 4);
        }
    }
}
