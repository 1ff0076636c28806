package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.protocol.scsi.ServiceAction;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTableTest {

    private static final Set<ScsiOpcode> STANDARD = Set.of(ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.REQUEST_SENSE,
            ScsiOpcode.READ_6, ScsiOpcode.WRITE_6, ScsiOpcode.INQUIRY, ScsiOpcode.MODE_SENSE_6,
            ScsiOpcode.START_STOP_UNIT, ScsiOpcode.READ_CAPACITY_10, ScsiOpcode.READ_10, ScsiOpcode.WRITE_10,
            ScsiOpcode.VERIFY_10, ScsiOpcode.SYNCHRONIZE_CACHE_10, ScsiOpcode.MODE_SENSE_10, ScsiOpcode.READ_16,
            ScsiOpcode.WRITE_16, ScsiOpcode.VERIFY_16, ScsiOpcode.SYNCHRONIZE_CACHE_16,
            ScsiOpcode.SERVICE_ACTION_IN_16, ScsiOpcode.REPORT_LUNS, ScsiOpcode.READ_12, ScsiOpcode.WRITE_12,
            ScsiOpcode.VERIFY_12, ScsiOpcode.MAINTENANCE_IN, ScsiOpcode.PRE_FETCH_10, ScsiOpcode.PRE_FETCH_16,
            ScsiOpcode.READ_DEFECT_DATA_10, ScsiOpcode.READ_DEFECT_DATA_12, ScsiOpcode.WRITE_AND_VERIFY_10,
            ScsiOpcode.WRITE_AND_VERIFY_12, ScsiOpcode.WRITE_AND_VERIFY_16,
            ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16, ScsiOpcode.UNMAP,
            ScsiOpcode.COMPARE_AND_WRITE, ScsiOpcode.ORWRITE_16, ScsiOpcode.WRITE_ATOMIC_16,
            ScsiOpcode.EXTENDED_COPY, ScsiOpcode.RECEIVE_COPY_RESULTS,
            ScsiOpcode.PERSISTENT_RESERVE_IN, ScsiOpcode.PERSISTENT_RESERVE_OUT, ScsiOpcode.RESERVE_6,
            ScsiOpcode.RELEASE_6, ScsiOpcode.RESERVE_10, ScsiOpcode.RELEASE_10, ScsiOpcode.MODE_SELECT_6,
            ScsiOpcode.MODE_SELECT_10, ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL, ScsiOpcode.SANITIZE);

    @Test
    void unknownOpcodeIsInvalidCommandOperationCodeInBothFormats() {
        SenseData sense = expectSense(dispatch(Cdbs.request(0xC0)), SenseCode.INVALID_COMMAND_OPERATION_CODE);
        assertArrayEquals(fixed(0x05, 0x20, 0x00, 0, 0, 0), sense.encode(false));
        assertArrayEquals(bytes(0x72, 0x05, 0x20, 0x00, 0, 0, 0, 0), sense.encode(true));
    }

    @Test
    void everySlotOutsideTheStandardSetAnswersInvalidOperationCode() {
        CommandTable table = CommandTable.standard();
        for (int opcode = 0; opcode < 256; opcode++) {
            boolean standard = ScsiOpcode.lookup(opcode).map(STANDARD::contains).orElse(false);
            String name = "opcode " + Integer.toHexString(opcode);
            assertEquals(standard, table.supports(opcode), name);
            if (!standard) {
                expectSense(table.dispatch(Units.standard(), Cdbs.request(opcode)),
                        SenseCode.INVALID_COMMAND_OPERATION_CODE);
            }
        }
    }

    @Test
    void knownButUnimplementedOpcodesAreInvalidOperationCode() {
        // UNMAP is in the table, but a fully provisioned unit has no UNMAP (LBPU = 0)
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.MAINTENANCE_OUT, ScsiOpcode.UNMAP}) {
            expectSense(dispatch(Cdbs.request(op.code())), SenseCode.INVALID_COMMAND_OPERATION_CODE);
        }
    }

    @Test
    void unknownServiceActionPointsAtTheServiceActionField() {
        // SERVICE ACTION IN(16) / READ LONG(16) (11h) is not in the table: field pointer byte 1, bit 4.
        CommandRequest readLong16 = Cdbs.request(ScsiOpcode.SERVICE_ACTION_IN_16.code(), 0x11);
        expectInvalidFieldInCdb(dispatch(readLong16), 1, 4);
        expectInvalidFieldInCdb(dispatch(Cdbs.request(0x9E, 0x1F)), 1, 4);
    }

    @Test
    void serviceActionBitsAboveTheFieldDoNotChangeTheAction() {
        // bits 7..5 of byte 1 are not part of the SERVICE ACTION field
        byte[] cdb = Cdbs.readCapacity16(32).cdb();
        cdb[1] = (byte) 0xF0;
        assertEquals(32, Outcomes.expectData(dispatch(Cdbs.request(cdb))).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x12, 0x25, 0x28, 0x88, 0xA0, 0xA8})
    void nacaInTheControlByteIsInvalidField(int opcode) {
        int control = cdbLength(opcode) - 1;
        byte[] cdb = Cdbs.cdb(opcode);
        cdb[control] = 0x04;
        expectInvalidFieldInCdb(dispatch(Cdbs.request(cdb)), control, 2);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x12, 0x25, 0x28, 0x88, 0xA0, 0xA8})
    void linkInTheControlByteIsInvalidField(int opcode) {
        int control = cdbLength(opcode) - 1;
        byte[] cdb = Cdbs.cdb(opcode);
        cdb[control] = 0x01;
        expectInvalidFieldInCdb(dispatch(Cdbs.request(cdb)), control, 0);
    }

    @Test
    void vendorBitsInTheControlByteAreIgnored() {
        byte[] cdb = Cdbs.cdb(ScsiOpcode.TEST_UNIT_READY.code());
        cdb[5] = (byte) 0xC0;
        expectGood(dispatch(Cdbs.request(cdb)));
    }

    @Test
    void cdbShorterThanItsGroupCodeSaysIsInvalidField() {
        CommandRequest shortRead16 = new CommandRequest(new byte[] {(byte) 0x88, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0,
                true, false);
        expectInvalidFieldInCdb(dispatch(shortRead16), 0, -1);
    }

    @Test
    void emptyCdbIsInvalidOperationCode() {
        expectSense(dispatch(new CommandRequest(new byte[0], 0, false, false)),
                SenseCode.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void builderAddsCommandsAndRefusesDuplicates() {
        CommandTable.Builder builder = CommandTable.builder()
                .command(ScsiOpcode.TEST_UNIT_READY, (lu, request) -> CommandPlan.Respond.GOOD);
        assertThrows(IllegalStateException.class,
                () -> builder.command(ScsiOpcode.TEST_UNIT_READY, (lu, request) -> CommandPlan.Respond.GOOD));
        builder.serviceAction(ServiceAction.READ_CAPACITY_16, (lu, request) -> new CommandPlan.Flush());
        assertThrows(IllegalStateException.class,
                () -> builder.serviceAction(ServiceAction.READ_CAPACITY_16, (lu, r) -> CommandPlan.Respond.GOOD));
        assertThrows(IllegalStateException.class,
                () -> builder.command(ScsiOpcode.SERVICE_ACTION_IN_16, (lu, r) -> CommandPlan.Respond.GOOD));

        CommandTable table = builder.build();
        assertTrue(table.supports(0x00));
        assertTrue(table.supports(0x9E));
        assertFalse(table.supports(0x12));
        assertEquals(new CommandPlan.Flush(), table.dispatch(Units.standard(), Cdbs.readCapacity16(32)));
        expectSense(table.dispatch(Units.standard(), Cdbs.inquiry(false, 0, 96)),
                SenseCode.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void serviceActionCannotJoinAPlainCommand() {
        CommandTable.Builder builder = CommandTable.builder()
                .command(ScsiOpcode.SERVICE_ACTION_IN_16, (lu, request) -> CommandPlan.Respond.GOOD);
        assertThrows(IllegalStateException.class,
                () -> builder.serviceAction(ServiceAction.READ_CAPACITY_16, (lu, r) -> CommandPlan.Respond.GOOD));
    }

    @Test
    void aBuiltTableDoesNotSeeLaterBuilderChanges() {
        CommandTable.Builder builder = CommandTable.builder();
        CommandTable empty = builder.build();
        builder.command(ScsiOpcode.TEST_UNIT_READY, (lu, request) -> CommandPlan.Respond.GOOD);
        expectSense(empty.dispatch(Units.standard(), Cdbs.request(0x00)), SenseCode.INVALID_COMMAND_OPERATION_CODE);
    }

    private static int cdbLength(int opcode) {
        return ScsiOpcode.lookup(opcode).orElseThrow().cdbLength();
    }
}
