package io.pagewire.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 1982 with SERIAL_BITS = 32 (RFC 7143 §4.2.2.1). */
class SerialNumberTest {

    @Test
    void orderWithoutWrap() {
        assertTrue(SerialNumber.lessThan(1, 2));
        assertFalse(SerialNumber.lessThan(2, 1));
        assertFalse(SerialNumber.lessThan(7, 7));
        assertTrue(SerialNumber.lessOrEqual(7, 7));
        assertTrue(SerialNumber.greaterThan(2, 1));
    }

    @Test
    void orderAcrossTheWrap() {
        assertTrue(SerialNumber.lessThan(0xffff_ffff, 0));
        assertTrue(SerialNumber.greaterThan(0, 0xffff_ffff));
        assertTrue(SerialNumber.lessThan(0x8000_0000, 0x8000_0001));
        assertTrue(SerialNumber.lessThan(0, 0x7fff_ffff));
    }

    @Test
    void numbersHalfTheSpaceApartAreUnordered() {
        assertFalse(SerialNumber.lessThan(0, 0x8000_0000));
        assertFalse(SerialNumber.greaterThan(0, 0x8000_0000));
    }

    @Test
    void windows() {
        assertTrue(SerialNumber.inWindow(5, 3, 7));
        assertTrue(SerialNumber.inWindow(3, 3, 7));
        assertTrue(SerialNumber.inWindow(7, 3, 7));
        assertFalse(SerialNumber.inWindow(8, 3, 7));
        assertTrue(SerialNumber.inWindow(0, 0xffff_fffe, 2), "window across the wrap");
        assertFalse(SerialNumber.inWindow(3, 3, 2), "empty window: MaxCmdSN = ExpCmdSN - 1");
    }
}
