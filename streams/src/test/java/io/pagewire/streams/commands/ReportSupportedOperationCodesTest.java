package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.ServiceAction;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** REPORT SUPPORTED OPERATION CODES: libiscsi's ReportSupportedOpcodes Simple, OneCommand, Rctd. */
class ReportSupportedOperationCodesTest {

    static CommandRequest rsoc(boolean rctd, int options, int opcode, int serviceAction, long allocationLength) {
        byte[] cdb = Cdbs.cdb(0xA3, 0x0C, (rctd ? 0x80 : 0) | options, opcode);
        Cdbs.putBe(cdb, 4, 2, serviceAction);
        Cdbs.putBe(cdb, 6, 4, allocationLength);
        return Cdbs.request(cdb);
    }

    static int u16(byte[] b, int offset) {
        return (b[offset] & 0xFF) << 8 | b[offset + 1] & 0xFF;
    }

    @Test
    void allCommandsListsExactlyTheTable() {
        byte[] data = expectData(dispatch(rsoc(false, 0, 0, 0, 65535)));
        int length = u16(data, 2);
        assertEquals(data.length - 4, length);
        assertEquals(0, length % 8);
        Set<Integer> listed = new HashSet<>();
        for (int offset = 4; offset < data.length; offset += 8) {
            int opcode = data[offset] & 0xFF;
            boolean servactv = (data[offset + 5] & 0x01) != 0;
            assertEquals(0, data[offset + 5] & 0x02, "no CTDP without RCTD");
            listed.add(opcode << 16 | u16(data, offset + 2));
            assertTrue(Outcomes.TABLE.supports(opcode));
            assertEquals(Outcomes.TABLE.hasServiceActions(opcode), servactv);
            assertEquals(Outcomes.TABLE.operation(opcode, u16(data, offset + 2)).orElseThrow().cdbLength(),
                    u16(data, offset + 6));
        }
        assertEquals(Outcomes.TABLE.operations().size(), listed.size());
        assertTrue(listed.contains(0x28 << 16), "READ(10)");
        assertTrue(listed.contains(0x9E << 16 | 0x10), "READ CAPACITY(16)");
        assertTrue(listed.contains(0xA3 << 16 | 0x0C), "itself");
        assertTrue(listed.contains(0xA3 << 16 | 0x0D), "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS");
    }

    @Test
    void aSmallerTableListsOnlyItsOwnCommands() {
        CommandTable table = CommandTable.builder()
                .command(ScsiOpcode.TEST_UNIT_READY, new TestUnitReady())
                .serviceAction(ServiceAction.REPORT_SUPPORTED_OPERATION_CODES, ReportSupportedOperationCodes::new)
                .build();
        byte[] data = expectData(table.dispatch(Units.standard(), rsoc(false, 0, 0, 0, 65535)));
        assertArrayEquals(bytes(0, 0, 0, 16,
                0x00, 0, 0, 0, 0, 0x00, 0, 6,
                0xA3, 0, 0, 0x0C, 0, 0x01, 0, 12), data);
        byte[] self = expectData(table.dispatch(Units.standard(), rsoc(false, 2, 0xA3, 0x0C, 65535)));
        assertArrayEquals(bytes(0, 0x03, 0, 12, 0xA3, 0x0C, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0), self);
        assertArrayEquals(bytes(0, 0x01, 0, 0),
                expectData(table.dispatch(Units.standard(), rsoc(false, 1, 0x28, 0, 65535))));
    }

    @Test
    void rctdAddsATimeoutsDescriptorToEveryCommand() {
        byte[] data = expectData(dispatch(rsoc(true, 0, 0, 0, 65535)));
        assertEquals(0, (data.length - 4) % 20);
        for (int offset = 4; offset < data.length; offset += 20) {
            assertEquals(0x02, data[offset + 5] & 0x02, "CTDP");
            assertEquals(0x0A, u16(data, offset + 8));
        }
    }

    @Test
    void oneCommandRead10ReportsDpoFuaUsage() {
        byte[] data = expectData(dispatch(rsoc(false, 1, 0x28, 0, 65535)));
        assertArrayEquals(bytes(0, 0x03, 0, 10, 0x28, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0), data);
    }

    @Test
    void oneCommandWithRctd() {
        byte[] data = expectData(dispatch(rsoc(true, 1, 0x00, 0, 65535)));
        assertArrayEquals(bytes(0, 0x83, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), data);
    }

    @Test
    void unsupportedOpcodeIsReportedNotSupported() {
        assertArrayEquals(bytes(0, 0x01, 0, 0), expectData(dispatch(rsoc(false, 1, 0x04, 0, 65535))));
        assertArrayEquals(bytes(0, 0x01, 0, 0), expectData(dispatch(rsoc(false, 3, 0x28, 1, 65535))));
    }

    @Test
    void serviceActionsNeedOption2Or3() {
        expectInvalidFieldInCdb(dispatch(rsoc(false, 1, 0x9E, 0x10, 65535)), 3, -1);
        expectInvalidFieldInCdb(dispatch(rsoc(false, 2, 0x28, 0, 65535)), 3, -1);
        byte[] rc16 = expectData(dispatch(rsoc(false, 2, 0x9E, 0x10, 65535)));
        assertEquals(0x03, rc16[1]);
        assertEquals(16, u16(rc16, 2));
        assertEquals(0x9E, rc16[4] & 0xFF);
        assertEquals(0x10, rc16[5] & 0xFF);
        assertArrayEquals(rc16, expectData(dispatch(rsoc(false, 3, 0x9E, 0x10, 65535))));
        assertArrayEquals(bytes(0, 0x01, 0, 0), expectData(dispatch(rsoc(false, 2, 0x9E, 0x11, 65535))));
    }

    @Test
    void everyListedCommandAnswersOneCommandWithItsOpcodeInUsageByte0() {
        for (CommandTable.Operation op : Outcomes.TABLE.operations()) {
            int options = op.hasServiceAction() ? 2 : 1;
            byte[] data = expectData(dispatch(rsoc(false, options, op.opcode(), op.serviceAction(), 65535)));
            assertEquals(0x03, data[1], () -> "supported: " + op);
            assertEquals(op.opcode(), data[4] & 0xFF);
            assertEquals(op.cdbLength(), u16(data, 2));
            assertEquals(ScsiOpcode.lookup(op.opcode()).orElseThrow().cdbLength(), op.cdbLength());
        }
    }

    @Test
    void reservedReportingOptionsAreInvalid() {
        for (int options = 4; options < 8; options++) {
            expectInvalidFieldInCdb(dispatch(rsoc(false, options, 0, 0, 65535)), 2, 2);
        }
    }

    @Test
    void allocationLengthCutsTheData() {
        byte[] all = expectData(dispatch(rsoc(false, 0, 0, 0, 65535)));
        assertArrayEquals(java.util.Arrays.copyOf(all, 3), expectData(dispatch(rsoc(false, 0, 0, 0, 3))));
        assertEquals(0, expectData(dispatch(rsoc(false, 0, 0, 0, 0))).length);
    }
}
