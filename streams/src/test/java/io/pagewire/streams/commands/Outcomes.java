package io.pagewire.streams.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;

/** Named outcomes, as libiscsi's EXPECT_* macros, checked down to the sense bytes. */
final class Outcomes {

    static final CommandTable TABLE = CommandTable.standard();

    private Outcomes() {
    }

    static CommandPlan dispatch(LogicalUnitInfo lu, CommandRequest request) {
        return TABLE.dispatch(lu, request);
    }

    static CommandPlan dispatch(CommandRequest request) {
        return TABLE.dispatch(Units.standard(), request);
    }

    /** GOOD and exactly this parameter data. */
    static byte[] expectData(CommandPlan plan, byte[] expected) {
        byte[] data = assertInstanceOf(CommandPlan.Respond.class, plan).dataIn();
        assertArrayEquals(expected, data);
        return data;
    }

    /** GOOD with parameter data, returned for byte checks. */
    static byte[] expectData(CommandPlan plan) {
        return assertInstanceOf(CommandPlan.Respond.class, plan).dataIn();
    }

    /** GOOD, no data. */
    static void expectGood(CommandPlan plan) {
        assertEquals(0, expectData(plan).length, "no parameter data");
    }

    static SenseData expectSense(CommandPlan plan, SenseCode code) {
        SenseData sense = assertInstanceOf(CommandPlan.CheckCondition.class, plan).sense();
        assertEquals(code, sense.code());
        return sense;
    }

    /** CHECK CONDITION, LBA OUT OF RANGE: fixed sense 70h, key 5, 21h/00h, no INFORMATION. */
    static void expectLbaOutOfRange(CommandPlan plan) {
        SenseData sense = expectSense(plan, SenseCode.LBA_OUT_OF_RANGE);
        assertArrayEquals(fixed(0x05, 0x21, 0x00, 0, 0, 0), sense.encode(false));
        assertArrayEquals(new byte[] {0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0}, sense.encode(true));
    }

    /**
     * CHECK CONDITION, INVALID FIELD IN CDB with the field pointer at {@code byteOffset} / {@code bit}
     * (-1: no bit pointer), checked in both sense formats.
     */
    static void expectInvalidFieldInCdb(CommandPlan plan, int byteOffset, int bit) {
        SenseData sense = expectSense(plan, SenseCode.INVALID_FIELD_IN_CDB);
        int sks = 0x80 | 0x40 | (bit >= 0 ? 0x08 | bit : 0);
        assertArrayEquals(fixed(0x05, 0x24, 0x00, sks, byteOffset >>> 8, byteOffset & 0xFF), sense.encode(false));
        byte[] descriptor = {0x72, 0x05, 0x24, 0x00, 0, 0, 0, 8,
                0x02, 0x06, 0, 0, (byte) sks, (byte) (byteOffset >>> 8), (byte) byteOffset, 0};
        assertArrayEquals(descriptor, sense.encode(true));
    }

    /** 18-byte fixed-format current sense, no INFORMATION, with the given sense-key-specific bytes. */
    static byte[] fixed(int key, int asc, int ascq, int sks0, int sks1, int sks2) {
        return new byte[] {0x70, 0, (byte) key, 0, 0, 0, 0, 10, 0, 0, 0, 0, (byte) asc, (byte) ascq, 0,
                (byte) sks0, (byte) sks1, (byte) sks2};
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
