package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import org.junit.jupiter.api.Test;

/**
 * PERSISTENT RESERVE OUT: service action, RESERVE's scope and type, and the parameter list length
 * (24 bytes; REGISTER AND MOVE longer) are checked from the CDB.
 */
class PersistentReserveOutTest {

    static CommandRequest prout(int action, int scope, int type, long length) {
        return Cdbs.request(ScsiOpcode.PERSISTENT_RESERVE_OUT.code(), action, scope << 4 | type, 0, 0,
                (int) (length >>> 24) & 0xFF, (int) (length >>> 16) & 0xFF, (int) (length >>> 8) & 0xFF,
                (int) length & 0xFF, 0);
    }

    @Test
    void everyServiceActionWithA24ByteListIsAControlRequest() {
        for (int action = 0; action <= 6; action++) {
            CommandPlan.Control plan = assertInstanceOf(CommandPlan.Control.class, dispatch(prout(action, 0, 1, 24)));
            assertEquals(new ControlRequest.PersistentReserveOut(action, 0, 1), plan.request());
            assertEquals(24, plan.parameterLength());
        }
    }

    @Test
    void registerAndMoveTakesTheTransportIdToo() {
        CommandPlan.Control plan = assertInstanceOf(CommandPlan.Control.class, dispatch(prout(7, 0, 1, 24 + 4 + 60)));
        assertEquals(88, plan.parameterLength());
        expectSense(dispatch(prout(7, 0, 1, 20)), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        expectSense(dispatch(prout(7, 0, 1, 1L << 20)), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void anyOtherListLengthIsAParameterListLengthError() {
        for (long length : new long[] {0, 23, 25, 0xFFFF_FFFFL}) {
            expectSense(dispatch(prout(0, 0, 0, length)), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
    }

    @Test
    void serviceActionsAboveRegisterAndMoveAreInvalid() {
        for (int action = 8; action < 32; action++) {
            expectInvalidFieldInCdb(dispatch(prout(action, 0, 1, 24)), 1, 4);
        }
    }

    @Test
    void reserveNeedsLuScopeAndAKnownType() {
        expectInvalidFieldInCdb(dispatch(prout(1, 1, 1, 24)), 2, 7);
        for (int type : new int[] {0, 2, 4, 9, 15}) {
            expectInvalidFieldInCdb(dispatch(prout(1, 0, type, 24)), 2, 3);
        }
        for (int type : new int[] {1, 3, 5, 6, 7, 8}) {
            assertInstanceOf(CommandPlan.Control.class, dispatch(prout(1, 0, type, 24)));
        }
    }

    @Test
    void preemptWithoutAReservationMayCarryAnyType() {
        assertInstanceOf(CommandPlan.Control.class, dispatch(prout(4, 0, 0, 24)));
    }
}
