package io.pagewire.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpcodeTest {

    @Test
    void everyOpcodeIsFoundByItsWireValue() {
        for (Opcode opcode : Opcode.values()) {
            assertSame(opcode, Opcode.of(opcode.value()));
        }
    }

    @Test
    void lookupUsesOnlyTheLowSixBits() {
        assertSame(Opcode.SCSI_COMMAND, Opcode.of(0x41));
        assertSame(Opcode.LOGIN_REQUEST, Opcode.of(0xc3));
    }

    @Test
    void reservedAndVendorSpecificValuesAreUnknown() {
        Set<Integer> known = new HashSet<>();
        for (Opcode opcode : Opcode.values()) {
            known.add(opcode.value());
        }
        int unknown = 0;
        for (int value = 0; value < 64; value++) {
            if (!known.contains(value)) {
                assertNull(Opcode.of(value), Integer.toHexString(value));
                unknown++;
            }
        }
        assertEquals(64 - 18, unknown);
        assertNull(Opcode.of(0x1c), "vendor specific");
        assertNull(Opcode.of(0x3c), "vendor specific");
    }

    @Test
    void directionFollowsTheOpcodeRange() {
        Set<Opcode> initiator = EnumSet.of(Opcode.NOP_OUT, Opcode.SCSI_COMMAND, Opcode.TASK_MANAGEMENT_REQUEST,
                Opcode.LOGIN_REQUEST, Opcode.TEXT_REQUEST, Opcode.DATA_OUT, Opcode.LOGOUT_REQUEST,
                Opcode.SNACK_REQUEST);
        for (Opcode opcode : Opcode.values()) {
            assertEquals(initiator.contains(opcode), opcode.fromInitiator(), opcode.toString());
        }
        assertTrue(Opcode.SNACK_REQUEST.fromInitiator());
        assertFalse(Opcode.NOP_IN.fromInitiator());
    }
}
