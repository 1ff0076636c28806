package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockCdbLayoutTest {

    private static byte[] cdb(int... values) {
        byte[] b = new byte[16];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void read6() {
        byte[] c = cdb(0x08, 0xFF, 0xAB, 0xCD, 0x00, 0x00);
        assertEquals(0x1F_ABCDL, BlockCdbLayout.CDB6.lba(c), "top three bits of byte 1 are not LBA");
        assertEquals(0, BlockCdbLayout.CDB6.length(c), "no 0 = 256 rule in the layout");
        assertEquals(0, BlockCdbLayout.CDB6.protection(c));
        assertFalse(BlockCdbLayout.CDB6.fua(c));
        assertFalse(BlockCdbLayout.CDB6.dpo(c));
        assertEquals(BlockCdbLayout.NO_FIELD_OFFSET, BlockCdbLayout.CDB6.flagsOffset());
        assertEquals(4, BlockCdbLayout.CDB6.lengthOffset());
    }

    @Test
    void read10() {
        byte[] c = cdb(0x28, 0xB8, 0xFF, 0xFF, 0xFF, 0xFE, 0x1F, 0x12, 0x34, 0x00);
        assertEquals(0xFFFF_FFFEL, BlockCdbLayout.CDB10.lba(c));
        assertEquals(0x1234, BlockCdbLayout.CDB10.length(c));
        assertEquals(5, BlockCdbLayout.CDB10.protection(c));
        assertTrue(BlockCdbLayout.CDB10.dpo(c));
        assertTrue(BlockCdbLayout.CDB10.fua(c));
        assertEquals(6, BlockCdbLayout.CDB10.groupNumberOffset());
    }

    @Test
    void read12() {
        byte[] c = cdb(0xA8, 0x08, 0x00, 0x00, 0x10, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00);
        assertEquals(0x1000, BlockCdbLayout.CDB12.lba(c));
        assertEquals(0xFFFF_FFFFL, BlockCdbLayout.CDB12.length(c));
        assertEquals(0, BlockCdbLayout.CDB12.protection(c));
        assertFalse(BlockCdbLayout.CDB12.dpo(c));
        assertTrue(BlockCdbLayout.CDB12.fua(c));
        assertEquals(6, BlockCdbLayout.CDB12.lengthOffset());
    }

    @Test
    void read16() {
        byte[] c = cdb(0x88, 0xE0, 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00);
        assertEquals(Long.MIN_VALUE + 1, BlockCdbLayout.CDB16.lba(c));
        assertEquals(256, BlockCdbLayout.CDB16.length(c));
        assertEquals(7, BlockCdbLayout.CDB16.protection(c));
        assertEquals(10, BlockCdbLayout.CDB16.lengthOffset());
        assertEquals(2, BlockCdbLayout.CDB16.lbaOffset());
        assertEquals(16, BlockCdbLayout.CDB16.cdbLength());
    }
}
