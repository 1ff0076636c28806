package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.ModeSenseFixtures.CACHING;
import static io.pagewire.streams.commands.ModeSenseFixtures.CONTROL;
import static io.pagewire.streams.commands.ModeSenseFixtures.IEC;
import static io.pagewire.streams.commands.ModeSenseFixtures.concat;
import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import org.junit.jupiter.api.Test;

/**
 * MODE SELECT(6)/(10): the CDB goes to the control actor with its length and SP; the parameter list
 * changes WCE, D_SENSE and SWP and nothing else; MODE SENSE then reports the new values.
 */
class ModeSelectTest {
    private static final int BLOCK = 512;
    private static final byte[] HEADER6 = new byte[4];
    private static final byte[] HEADER10 = new byte[8];

    @Test
    void theCdbNamesLengthAndSavePages() {
        CommandPlan.Control six = assertInstanceOf(CommandPlan.Control.class,
                dispatch(Cdbs.request(ScsiOpcode.MODE_SELECT_6.code(), 0x11, 0, 0, 28, 0)));
        assertEquals(new ControlRequest.ModeSelect(true, false), six.request());
        assertEquals(28, six.parameterLength());
        CommandPlan.Control ten = assertInstanceOf(CommandPlan.Control.class,
                dispatch(Cdbs.request(ScsiOpcode.MODE_SELECT_10.code(), 0x10, 0, 0, 0, 0, 0, 0x01, 0x02, 0)));
        assertEquals(new ControlRequest.ModeSelect(false, true), ten.request());
        assertEquals(0x102, ten.parameterLength());
    }

    @Test
    void theControlPageSetsDescriptorSenseAndSoftwareWriteProtect() {
        byte[] control = CONTROL.clone();
        control[2] |= ModePage.D_SENSE;
        control[4] |= ModePage.SWP;
        ModeSelect.Outcome outcome = ModeSelect.apply(concat(HEADER6, control), false, BLOCK, ModeParameters.DEFAULT);
        assertNull(outcome.refusal());
        assertEquals(new ModeParameters(true, true, true), outcome.values());
    }

    @Test
    void theCachingPageTurnsTheWriteCacheOffAndTheOthersStay() {
        byte[] caching = CACHING.clone();
        caching[2] = 0;
        ModeParameters current = new ModeParameters(true, true, false);
        ModeSelect.Outcome outcome = ModeSelect.apply(concat(HEADER10, caching, IEC), true, BLOCK, current);
        assertEquals(new ModeParameters(false, true, false), outcome.values());
    }

    @Test
    void aBlockDescriptorMayRepeatTheBlockLengthOnly() {
        byte[] header = {0, 0, 0, 8};
        byte[] same = bytes(0, 0, 0, 0, 0, 0x00, 0x02, 0x00);
        assertNull(ModeSelect.apply(concat(header, same, CONTROL), false, BLOCK, ModeParameters.DEFAULT).refusal());
        byte[] other = bytes(0, 0, 0, 0, 0, 0x00, 0x10, 0x00);
        SenseData refusal = ModeSelect.apply(concat(header, other, CONTROL), false, BLOCK, ModeParameters.DEFAULT)
                .refusal();
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, refusal.code());
        assertEquals(9, refusal.fieldPointer().orElseThrow().byteOffset());
    }

    @Test
    void changingAFixedFieldIsAnInvalidFieldInTheParameterListPointingAtIt() {
        byte[] control = CONTROL.clone();
        control[3] = 0; // QUEUE ALGORITHM MODIFIER is not changeable
        SenseData refusal = ModeSelect.apply(concat(HEADER6, control), false, BLOCK, ModeParameters.DEFAULT).refusal();
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, refusal.code());
        assertEquals(4 + 3, refusal.fieldPointer().orElseThrow().byteOffset());
        assertEquals(4, refusal.fieldPointer().orElseThrow().bit());
    }

    @Test
    void unknownPagesWrongLengthsSubpagesAndShortListsAreRefused() {
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, ModeSelect.apply(concat(HEADER6, bytes(0x19, 0x02, 0, 0)),
                false, BLOCK, ModeParameters.DEFAULT).refusal().code());
        byte[] longer = concat(bytes(0x0A, 0x0B), new byte[11]);
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST,
                ModeSelect.apply(concat(HEADER6, longer), false, BLOCK, ModeParameters.DEFAULT).refusal().code());
        byte[] subpage = CONTROL.clone();
        subpage[0] |= 0x40;
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST,
                ModeSelect.apply(concat(HEADER6, subpage), false, BLOCK, ModeParameters.DEFAULT).refusal().code());
        assertEquals(SenseCode.PARAMETER_LIST_LENGTH_ERROR, ModeSelect.apply(concat(HEADER6, bytes(0x0A, 0x0A, 0x02)),
                false, BLOCK, ModeParameters.DEFAULT).refusal().code());
        assertEquals(SenseCode.PARAMETER_LIST_LENGTH_ERROR,
                ModeSelect.apply(bytes(0, 0), false, BLOCK, ModeParameters.DEFAULT).refusal().code());
    }

    @Test
    void anEmptyListChangesNothing() {
        ModeParameters current = new ModeParameters(false, true, true);
        assertEquals(current, ModeSelect.apply(new byte[0], true, BLOCK, current).values());
    }

    @Test
    void modeSenseReportsTheCurrentSavedAndChangeableValues() {
        ModeParameters current = new ModeParameters(false, true, true);
        CommandRequest controlPage = Cdbs.request(ScsiOpcode.MODE_SENSE_6.code(), 0x08, 0x0A, 0, 255, 0);
        byte[] data = expectData(ModeSense.sense(Units.standard(), controlPage, current, ModeParameters.DEFAULT));
        assertEquals((byte) 0x90, data[2]); // WP and DPOFUA
        byte[] page = java.util.Arrays.copyOfRange(data, 4, data.length);
        assertEquals((byte) 0x8A, page[0]); // PS: saveable
        assertEquals(0x02 | 0x04, page[2]); // GLTSD, D_SENSE
        assertEquals(0x08, page[4]); // SWP
        CommandRequest saved = Cdbs.request(ScsiOpcode.MODE_SENSE_6.code(), 0x08, 0xCA, 0, 255, 0);
        byte[] savedData = expectData(ModeSense.sense(Units.standard(), saved, current, ModeParameters.DEFAULT));
        assertEquals(0x02, savedData[4 + 2]);
        // A unit that cannot save pages answers PC = saved as before.
        expectSense(ModeSense.sense(Units.standard(), saved, current, null), SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
        // The table's handler, without control state, reports the defaults.
        byte[] defaults = expectData(dispatch(controlPage));
        assertArrayEquals(CONTROL, java.util.Arrays.copyOfRange(defaults, 4, defaults.length));
    }
}
