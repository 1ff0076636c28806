package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScsiOpcodeTest {

    @Test
    void codesFromTheSpec() {
        assertEquals(0x00, ScsiOpcode.TEST_UNIT_READY.code());
        assertEquals(0x12, ScsiOpcode.INQUIRY.code());
        assertEquals(0x28, ScsiOpcode.READ_10.code());
        assertEquals(0x88, ScsiOpcode.READ_16.code());
        assertEquals(0x9E, ScsiOpcode.SERVICE_ACTION_IN_16.code());
        assertEquals(0xA0, ScsiOpcode.REPORT_LUNS.code());
        assertEquals(0xA3, ScsiOpcode.MAINTENANCE_IN.code());
        assertEquals(0xAA, ScsiOpcode.WRITE_12.code());
    }

    @Test
    void lookupRoundTripsAndIsEmptyForUnknown() {
        Set<Integer> codes = new HashSet<>();
        for (ScsiOpcode op : ScsiOpcode.values()) {
            assertTrue(codes.add(op.code()), op.name());
            assertEquals(Optional.of(op), ScsiOpcode.lookup(op.code()));
        }
        assertEquals(Optional.empty(), ScsiOpcode.lookup(0xC0));
        assertEquals(Optional.empty(), ScsiOpcode.lookup(256));
        assertEquals(Optional.empty(), ScsiOpcode.lookup(-1));
    }

    @Test
    void cdbLengthFollowsTheGroupCode() {
        assertEquals(6, ScsiOpcode.READ_6.cdbLength());
        assertEquals(10, ScsiOpcode.READ_10.cdbLength());
        assertEquals(12, ScsiOpcode.READ_12.cdbLength());
        assertEquals(16, ScsiOpcode.READ_16.cdbLength());
        assertEquals(10, ScsiOpcode.MODE_SENSE_10.cdbLength());
    }

    @Test
    void serviceActions() {
        assertEquals(ScsiOpcode.SERVICE_ACTION_IN_16, ServiceAction.READ_CAPACITY_16.opcode());
        assertEquals(0x10, ServiceAction.READ_CAPACITY_16.code());
        assertEquals(0x0C, ServiceAction.REPORT_SUPPORTED_OPERATION_CODES.code());
        assertEquals(0x10, ServiceAction.of(new byte[] {(byte) 0x9E, (byte) 0xF0}));
    }
}
