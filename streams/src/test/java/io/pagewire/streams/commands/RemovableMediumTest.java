package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/**
 * A removable medium: RMB in INQUIRY, PREVENT ALLOW MEDIUM REMOVAL and START STOP UNIT with LOEJ go
 * to the control actor; on a fixed medium both stay as before (GOOD, no control state).
 */
class RemovableMediumTest {

    static LogicalUnitInfo removable() {
        LogicalUnitInfo lu = Units.standard();
        return new LogicalUnitInfo(lu.lun(), lu.geometry(), lu.vendor(), lu.product(), lu.revision(), lu.serial(),
                lu.naaId(), lu.targetName(), lu.relativePortId(), lu.allLuns(), lu.thinProvisioned(),
                lu.maxTransferBlocks(), true, false, true);
    }

    static CommandRequest preventAllow(int prevent) {
        return Cdbs.request(ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL.code(), 0, 0, 0, prevent, 0);
    }

    @Test
    void inquiryReportsRmb() {
        byte[] data = expectData(dispatch(removable(), Cdbs.request(ScsiOpcode.INQUIRY.code(), 0, 0, 0, 96, 0)));
        assertEquals((byte) 0x80, data[1]);
        byte[] fixed = expectData(dispatch(Cdbs.request(ScsiOpcode.INQUIRY.code(), 0, 0, 0, 96, 0)));
        assertEquals(0, fixed[1]);
    }

    @Test
    void preventAndAllowGoToTheControlActor() {
        CommandPlan.Control prevent = assertInstanceOf(CommandPlan.Control.class, dispatch(removable(), preventAllow(1)));
        assertEquals(new ControlRequest.PreventAllow(true), prevent.request());
        CommandPlan.Control allow = assertInstanceOf(CommandPlan.Control.class, dispatch(removable(), preventAllow(0)));
        assertEquals(new ControlRequest.PreventAllow(false), allow.request());
    }

    @Test
    void obsoletePreventValuesAreInvalidAndAFixedMediumHasNothingToPrevent() {
        expectInvalidFieldInCdb(dispatch(removable(), preventAllow(2)), 4, 1);
        expectInvalidFieldInCdb(dispatch(removable(), preventAllow(3)), 4, 1);
        expectGood(dispatch(preventAllow(1)));
    }

    @Test
    void loejEjectsAndLoadsARemovableMedium() {
        CommandPlan.Control eject = assertInstanceOf(CommandPlan.Control.class,
                dispatch(removable(), StartStopUnitTest.startStop(false, 0, false, true, false)));
        assertEquals(new ControlRequest.LoadEject(false), eject.request());
        CommandPlan.Control load = assertInstanceOf(CommandPlan.Control.class,
                dispatch(removable(), StartStopUnitTest.startStop(true, 0, false, true, true)));
        assertEquals(new ControlRequest.LoadEject(true), load.request());
        // A power condition other than START_VALID ignores START and LOEJ (SBC-3 §5.25).
        expectGood(dispatch(removable(), StartStopUnitTest.startStop(true, 1, false, true, false)));
        // Without LOEJ, a removable unit starts and stops as a fixed one.
        expectGood(dispatch(removable(), StartStopUnitTest.startStop(false, 0, false, false, true)));
    }
}
