package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands at a LUN with no logical unit (SPC-4 §4.6.4). */
class AbsentUnitTest {

    static final List<Integer> LUNS = List.of(0, 1);

    static byte[] noUnitInquiry() {
        byte[] b = new byte[36];
        Arrays.fill(b, 8, 36, (byte) ' ');
        System.arraycopy(bytes(0x7F, 0x00, 0x06, 0x12, 31, 0x00, 0x00, 0x02), 0, b, 0, 8);
        return b;
    }

    @Test
    void standardInquiryHasQualifier3AndType1F() {
        expectData(AbsentUnit.plan(LUNS, Cdbs.inquiry(false, 0, 255)), noUnitInquiry());
        expectData(AbsentUnit.plan(LUNS, Cdbs.inquiry(false, 0, 5)), Arrays.copyOf(noUnitInquiry(), 5));
    }

    @Test
    void vpdInquiryIsLogicalUnitNotSupported() {
        SenseData sense = expectSense(AbsentUnit.plan(LUNS, Cdbs.inquiry(true, 0x83, 255)),
                SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
        assertArrayEquals(fixed(0x05, 0x25, 0x00, 0, 0, 0), sense.encode(false));
    }

    @Test
    void reportLunsListsTheTarget() {
        expectData(AbsentUnit.plan(LUNS, Cdbs.reportLuns(0, 512)),
                bytes(0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void requestSenseReturnsLogicalUnitNotSupportedAsData() {
        expectData(AbsentUnit.plan(LUNS, Cdbs.request(ScsiOpcode.REQUEST_SENSE.code(), 0, 0, 0, 252)),
                fixed(0x05, 0x25, 0x00, 0, 0, 0));
    }

    @Test
    void everythingElseIsLogicalUnitNotSupported() {
        for (int opcode : new int[] {0x00, 0x25, 0x28, 0x2A, 0x88, 0xC0, 0xFF}) {
            expectSense(AbsentUnit.plan(LUNS, Cdbs.request(opcode)), SenseCode.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }

    @Test
    void controlByteStillChecked() {
        byte[] cdb = Cdbs.inquiry(false, 0, 255).cdb();
        cdb[5] = 0x04;
        expectInvalidFieldInCdb(AbsentUnit.plan(LUNS, Cdbs.request(cdb)), 5, 2);
    }
}
