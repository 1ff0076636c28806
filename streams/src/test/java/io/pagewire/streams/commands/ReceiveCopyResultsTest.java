package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RECEIVE COPY RESULTS (LID1): OPERATING PARAMETERS bytes, COPY STATUS plans and bytes. */
class ReceiveCopyResultsTest {

    static CommandRequest receiveCopyResults(int serviceAction, int listId, long allocationLength) {
        byte[] cdb = Cdbs.cdb(ScsiOpcode.RECEIVE_COPY_RESULTS.code(), serviceAction, listId);
        Cdbs.putBe(cdb, 10, 4, allocationLength);
        return new CommandRequest(cdb, allocationLength, true, false);
    }

    @Test
    void operatingParametersEveryByte() {
        byte[] expected = new byte[46];
        expected[3] = 42;                                        // AVAILABLE DATA
        expected[4] = 0x01;                                      // SNLID
        expected[9] = 16;                                        // MAXIMUM TARGET DESCRIPTOR COUNT
        expected[11] = 64;                                       // MAXIMUM SEGMENT DESCRIPTOR COUNT
        expected[14] = 0x10;                                     // MAXIMUM DESCRIPTOR LIST LENGTH 4096
        Cdbs.putBe(expected, 16, 4, 0xFFFFL * 512);              // MAXIMUM SEGMENT LENGTH
        expected[35] = 1;                                        // TOTAL CONCURRENT COPIES
        expected[36] = 1;                                        // MAXIMUM CONCURRENT COPIES
        expected[37] = 9;                                        // DATA SEGMENT GRANULARITY 2^9
        expected[43] = 2;                                        // IMPLEMENTED DESCRIPTOR LIST LENGTH
        expected[44] = 0x02;                                     // block→block
        expected[45] = (byte) 0xE4;                              // identification descriptor
        expectData(dispatch(receiveCopyResults(0x03, 0, 1024)), expected);
    }

    @Test
    void operatingParametersCutToAllocationLength() {
        byte[] full = expectData(dispatch(receiveCopyResults(0x03, 0, 1024)));
        expectData(dispatch(receiveCopyResults(0x03, 0, 10)), Arrays.copyOf(full, 10));
        expectData(dispatch(receiveCopyResults(0x03, 0, 0)), new byte[0]);
    }

    @Test
    void copyStatusIsTheSessionsToAnswer() {
        CommandPlan.CopyStatus status = assertInstanceOf(CommandPlan.CopyStatus.class,
                dispatch(receiveCopyResults(0x00, 0xAB, 512)));
        assertEquals(0xAB, status.listId());
        assertEquals(512, status.allocationLength());
    }

    @Test
    void copyStatusBytes() {
        expectData(ReceiveCopyResults.copyStatus(ReceiveCopyResults.COMPLETED_WITHOUT_ERRORS, 1, 1 << 20, 255),
                bytes(0, 0, 0, 8, 0x00, 0, 1, 0x00, 0x00, 0x10, 0x00, 0x00));
        expectData(ReceiveCopyResults.copyStatus(ReceiveCopyResults.COMPLETED_WITH_ERRORS, 3, 1L << 33, 255),
                bytes(0, 0, 0, 8, 0x01, 0, 3, 0xF1, 0x00, 0x80, 0x00, 0x00));
        expectData(ReceiveCopyResults.copyStatus(0, 1, 512, 4), bytes(0, 0, 0, 8));
    }

    @Test
    void unknownListIsInvalidFieldAtListIdentifier() {
        expectInvalidFieldInCdb(ReceiveCopyResults.noSuchList(), 2, -1);
    }

    @Test
    void otherServiceActionsAreInvalidField() {
        // RECEIVE DATA (01h) and FAILED SEGMENT DETAILS (04h) are not supported
        for (int action : new int[] {0x01, 0x04, 0x05}) {
            expectInvalidFieldInCdb(dispatch(receiveCopyResults(action, 0, 255)), 1, 4);
        }
    }
}
