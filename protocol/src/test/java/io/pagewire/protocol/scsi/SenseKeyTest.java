package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SenseKeyTest {

    @Test
    void valuesAreTheSpecValues() {
        assertEquals(0x0, SenseKey.NO_SENSE.value());
        assertEquals(0x2, SenseKey.NOT_READY.value());
        assertEquals(0x3, SenseKey.MEDIUM_ERROR.value());
        assertEquals(0x4, SenseKey.HARDWARE_ERROR.value());
        assertEquals(0x5, SenseKey.ILLEGAL_REQUEST.value());
        assertEquals(0x6, SenseKey.UNIT_ATTENTION.value());
        assertEquals(0x7, SenseKey.DATA_PROTECT.value());
        assertEquals(0xB, SenseKey.ABORTED_COMMAND.value());
        assertEquals(0xE, SenseKey.MISCOMPARE.value());
    }

    @Test
    void lookupRoundTrips() {
        for (SenseKey key : SenseKey.values()) {
            assertEquals(key, SenseKey.of(key.value()));
        }
    }

    @Test
    void obsoleteAndOutOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SenseKey.of(0xC));
        assertThrows(IllegalArgumentException.class, () -> SenseKey.of(16));
        assertThrows(IllegalArgumentException.class, () -> SenseKey.of(-1));
    }
}
