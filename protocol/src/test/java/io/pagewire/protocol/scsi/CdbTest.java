package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CdbTest {

    private static final byte[] CDB = {(byte) 0x88, (byte) 0xE9, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
            (byte) 0x88, (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC, 0x00, 0x00};

    @Test
    void bigEndianUnsignedFields() {
        assertEquals(0x88, Cdb.uint8(CDB, 0));
        assertEquals(0x0102, Cdb.uint16(CDB, 2));
        assertEquals(0x010203, Cdb.uint24(CDB, 2));
        assertEquals(0x0102_0304L, Cdb.uint32(CDB, 2));
        assertEquals(0xFFFE_FDFCL, Cdb.uint32(CDB, 10));
        assertEquals(0x0102_0304_0506_0788L, Cdb.uint64(CDB, 2));
        assertEquals(0x0788_FFFE_FDFC_0000L, Cdb.uint64(CDB, 8), "high bit set: unsigned, compare as such");
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> Cdb.uint64(CDB, 9));
    }

    @Test
    void bitsAndFlags() {
        // byte 1 = 1110 1001b
        assertTrue(Cdb.bit(CDB, 1, 0));
        assertFalse(Cdb.bit(CDB, 1, 1));
        assertTrue(Cdb.bit(CDB, 1, 3));
        assertTrue(Cdb.bit(CDB, 1, 7));
        assertEquals(0b111, Cdb.bits(CDB, 1, 5, 3));
        assertEquals(0b01001, Cdb.bits(CDB, 1, 0, 5));
        assertEquals(0b100, Cdb.bits(CDB, 1, 1, 3));
    }

    @Test
    void lengthFromGroupCode() {
        assertEquals(6, Cdb.length(0x00));
        assertEquals(6, Cdb.length(0x1F));
        assertEquals(10, Cdb.length(0x28));
        assertEquals(10, Cdb.length(0x5A));
        assertEquals(Cdb.VARIABLE_OR_VENDOR, Cdb.length(0x7F));
        assertEquals(16, Cdb.length(0x88));
        assertEquals(16, Cdb.length(0x9E));
        assertEquals(12, Cdb.length(0xA0));
        assertEquals(12, Cdb.length(0xBF));
        assertEquals(Cdb.VARIABLE_OR_VENDOR, Cdb.length(0xC0));
        assertEquals(Cdb.VARIABLE_OR_VENDOR, Cdb.length(0xFF));
        assertEquals(16, Cdb.length((byte) 0x88), "a signed byte works too");
    }
}
