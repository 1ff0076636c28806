package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SenseCodeTest {

    private static void assertTriple(SenseCode code, SenseKey key, int asc, int ascq) {
        assertEquals(key, code.key(), code.name());
        assertEquals(asc, code.asc(), code.name());
        assertEquals(ascq, code.ascq(), code.name());
    }

    @Test
    void triplesFromTheSpec() {
        assertTriple(SenseCode.NO_SENSE, SenseKey.NO_SENSE, 0x00, 0x00);
        assertTriple(SenseCode.INVALID_COMMAND_OPERATION_CODE, SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
        assertTriple(SenseCode.INVALID_FIELD_IN_CDB, SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
        assertTriple(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
        assertTriple(SenseCode.LBA_OUT_OF_RANGE, SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
        assertTriple(SenseCode.LOGICAL_UNIT_NOT_SUPPORTED, SenseKey.ILLEGAL_REQUEST, 0x25, 0x00);
        assertTriple(SenseCode.PARAMETER_LIST_LENGTH_ERROR, SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        assertTriple(SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED, SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
        assertTriple(SenseCode.INVALID_FIELD_IN_COMMAND_INFORMATION_UNIT, SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        assertTriple(SenseCode.WRITE_PROTECTED, SenseKey.DATA_PROTECT, 0x27, 0x00);
        assertTriple(SenseCode.MEDIUM_NOT_PRESENT, SenseKey.NOT_READY, 0x3A, 0x00);
        assertTriple(SenseCode.UNRECOVERED_READ_ERROR, SenseKey.MEDIUM_ERROR, 0x11, 0x00);
        assertTriple(SenseCode.WRITE_ERROR, SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
        assertTriple(SenseCode.POWER_ON_RESET, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        assertTriple(SenseCode.REPORTED_LUNS_DATA_HAS_CHANGED, SenseKey.UNIT_ATTENTION, 0x3F, 0x0E);
        assertTriple(SenseCode.MISCOMPARE_DURING_VERIFY, SenseKey.MISCOMPARE, 0x1D, 0x00);
        assertTriple(SenseCode.INTERNAL_TARGET_FAILURE, SenseKey.HARDWARE_ERROR, 0x44, 0x00);
        assertTriple(SenseCode.PROTOCOL_SERVICE_CRC_ERROR, SenseKey.ABORTED_COMMAND, 0x47, 0x05);
    }

    @Test
    void lookupFindsEveryCode() {
        for (SenseCode code : SenseCode.values()) {
            assertEquals(Optional.of(code), SenseCode.lookup(code.key(), code.asc(), code.ascq()));
        }
    }

    @Test
    void lookupIsKeyed() {
        // 24h/00h exists under ILLEGAL REQUEST only
        assertEquals(Optional.empty(), SenseCode.lookup(SenseKey.ABORTED_COMMAND, 0x24, 0x00));
        assertEquals(Optional.empty(), SenseCode.lookup(SenseKey.ILLEGAL_REQUEST, 0x24, 0x01));
        assertEquals(Optional.empty(), SenseCode.lookup(SenseKey.ILLEGAL_REQUEST, 0x100, 0x00));
        assertEquals(Optional.empty(), SenseCode.lookup(SenseKey.ILLEGAL_REQUEST, 0x24, -1));
    }

    @Test
    void triplesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (SenseCode code : SenseCode.values()) {
            assertTrue(seen.add(code.key().value() << 16 | code.asc() << 8 | code.ascq()), code.name());
        }
    }
}
