package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SenseDataTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void fixedFormatWithoutInformation() {
        assertArrayEquals(bytes(0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x21, 0x00, 0, 0, 0, 0),
                SenseData.of(SenseCode.LBA_OUT_OF_RANGE).encode(false));
    }

    @Test
    void descriptorFormatWithoutInformation() {
        assertArrayEquals(bytes(0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0),
                SenseData.of(SenseCode.LBA_OUT_OF_RANGE).encode(true));
    }

    @Test
    void fixedFormatWithInformationSetsValid() {
        assertArrayEquals(bytes(0xF0, 0, 0x03, 0x12, 0x34, 0x56, 0x78, 0x0A, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0),
                SenseData.of(SenseCode.UNRECOVERED_READ_ERROR, 0x1234_5678L).encode(false));
        assertArrayEquals(bytes(0xF0, 0, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0x0A, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0),
                SenseData.of(SenseCode.UNRECOVERED_READ_ERROR, 0xFFFF_FFFFL).encode(false));
    }

    @Test
    void fixedFormatCannotCarryA64BitInformation() {
        // SPC-4 §4.5.3: VALID = 0 when INFORMATION does not fit in four bytes
        assertArrayEquals(bytes(0x70, 0, 0x03, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x11, 0x00, 0, 0, 0, 0),
                SenseData.of(SenseCode.UNRECOVERED_READ_ERROR, 0x1_0000_0000L).encode(false));
    }

    @Test
    void descriptorFormatWithInformationDescriptor() {
        assertArrayEquals(bytes(0x72, 0x03, 0x11, 0x00, 0, 0, 0, 12,
                        0x00, 0x0A, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01),
                SenseData.of(SenseCode.UNRECOVERED_READ_ERROR, 0x8000_0000_0000_0001L).encode(true));
    }

    @Test
    void fieldPointerInCdbWithBitPointer() {
        SenseData sense = SenseData.invalidFieldInCdb(1, 7);
        // SKSV | C/D | BPV | bit 7, field pointer 0001h
        assertArrayEquals(bytes(0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x24, 0x00, 0, 0xCF, 0x00, 0x01),
                sense.encode(false));
        assertArrayEquals(bytes(0x72, 0x05, 0x24, 0x00, 0, 0, 0, 8,
                0x02, 0x06, 0x00, 0x00, 0xCF, 0x00, 0x01, 0x00), sense.encode(true));
    }

    @Test
    void fieldPointerWithoutBitPointer() {
        assertArrayEquals(bytes(0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x24, 0x00, 0, 0xC0, 0x00, 0x02),
                SenseData.invalidFieldInCdb(2, -1).encode(false));
    }

    @Test
    void fieldPointerInParameterListHasNoCdBit() {
        assertArrayEquals(bytes(0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x26, 0x00, 0, 0x8B, 0x01, 0x02),
                SenseData.invalidFieldInParameterList(0x0102, 3).encode(false));
    }

    @Test
    void fieldPointerGoesWithIllegalRequestOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> SenseData.of(SenseCode.WRITE_PROTECTED, SenseData.FieldPointer.cdb(1)));
        assertThrows(IllegalArgumentException.class, () -> SenseData.FieldPointer.cdb(0x10000));
        assertThrows(IllegalArgumentException.class, () -> SenseData.FieldPointer.cdb(1, 8));
        assertThrows(IllegalArgumentException.class, () -> SenseData.FieldPointer.cdb(1, -2));
    }

    @Test
    void accessors() {
        SenseData plain = SenseData.of(SenseCode.WRITE_PROTECTED);
        assertEquals(SenseCode.WRITE_PROTECTED, plain.code());
        assertEquals(SenseKey.DATA_PROTECT, plain.key());
        assertEquals(OptionalLong.empty(), plain.information());
        assertEquals(Optional.empty(), plain.fieldPointer());
        assertEquals(OptionalLong.of(7), SenseData.of(SenseCode.WRITE_ERROR, 7).information());
        assertEquals(Optional.of(SenseData.FieldPointer.cdb(4, 1)), SenseData.invalidFieldInCdb(4, 1).fieldPointer());
    }

    @Test
    void valueEquality() {
        assertEquals(SenseData.of(SenseCode.NO_SENSE), SenseData.of(SenseCode.NO_SENSE));
        assertEquals(SenseData.of(SenseCode.WRITE_ERROR, 5), SenseData.of(SenseCode.WRITE_ERROR, 5));
        assertEquals(SenseData.of(SenseCode.WRITE_ERROR, 5).hashCode(), SenseData.of(SenseCode.WRITE_ERROR, 5).hashCode());
        assertNotEquals(SenseData.of(SenseCode.WRITE_ERROR, 5), SenseData.of(SenseCode.WRITE_ERROR, 6));
        assertNotEquals(SenseData.of(SenseCode.WRITE_ERROR), SenseData.of(SenseCode.WRITE_ERROR, 0));
        assertNotEquals(SenseData.invalidFieldInCdb(1, 7), SenseData.invalidFieldInCdb(1, 6));
        assertTrue(SenseData.invalidFieldInCdb(1, 7).toString().contains("INVALID_FIELD_IN_CDB"));
    }

    @Test
    void encodeReturnsAFreshArray() {
        SenseData sense = SenseData.of(SenseCode.NO_SENSE);
        byte[] first = sense.encode(false);
        first[0] = 0;
        assertNotSame(first, sense.encode(false));
        assertEquals(0x70, sense.encode(false)[0]);
        assertEquals(SenseData.FIXED_LENGTH, sense.encode(false).length);
    }

    @Test
    void progressIndicationInBothFormats() {
        SenseData sense = SenseData.withProgress(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS, 0x4321);
        // SPC-4 §4.5.2.4.4: SKSV, reserved, PROGRESS INDICATION
        assertArrayEquals(bytes(0x70, 0, 0x02, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x04, 0x1B, 0, 0x80, 0x43, 0x21),
                sense.encode(false));
        assertArrayEquals(bytes(0x72, 0x02, 0x04, 0x1B, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x43, 0x21, 0),
                sense.encode(true));
        assertEquals(0x4321, sense.progress().getAsInt());
        assertNotEquals(SenseData.of(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS), sense);
        assertThrows(IllegalArgumentException.class, () -> SenseData.withProgress(SenseCode.LBA_OUT_OF_RANGE, 1));
        assertThrows(IllegalArgumentException.class,
                () -> SenseData.withProgress(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS, 0x10000));
    }

    @Test
    void sanitizeCodesHaveTheirSpecValues() {
        assertEquals(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS,
                SenseCode.lookup(SenseKey.NOT_READY, 0x04, 0x1B).orElseThrow());
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, SenseCode.lookup(SenseKey.MEDIUM_ERROR, 0x31, 0x03).orElseThrow());
    }
}
