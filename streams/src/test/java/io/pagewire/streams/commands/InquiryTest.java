package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.spi.Geometry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** libiscsi Inquiry suite, plus every VPD page byte for byte. */
class InquiryTest {

    /** The standard data of {@link Units#standard()}, 96 bytes. */
    static byte[] standardData() {
        byte[] b = new byte[96];
        b[2] = 0x06;                    // SPC-4
        b[3] = 0x12;                    // HISUP, RESPONSE DATA FORMAT 2
        b[4] = 91;                      // ADDITIONAL LENGTH = 96 - 5
        b[5] = 0x08;                    // 3PC: EXTENDED COPY
        b[7] = 0x02;                    // CMDQUE
        put(b, 8, "PAGEWIRE");
        put(b, 16, "Pagewire disk   ");
        put(b, 32, "0.1 ");
        byte[] versions = bytes(0x00, 0xA0, 0x09, 0x60, 0x04, 0x60, 0x04, 0xC0); // SAM-5 iSCSI SPC-4 SBC-3
        System.arraycopy(versions, 0, b, 58, versions.length);
        return b;
    }

    @Test
    void standard() {
        byte[] data = expectData(dispatch(Cdbs.inquiry(false, 0, 260)), standardData());
        assertEquals(data.length, (data[4] & 0xFF) + 5, "additional length covers the data exactly");
    }

    @Test
    void allocLengthFrom0To255TruncatesWithoutError() {
        byte[] full = standardData();
        for (int length = 0; length < 256; length++) {
            expectData(dispatch(Cdbs.inquiry(false, 0, length)), Arrays.copyOf(full, Math.min(length, 96)));
        }
    }

    @Test
    void allocLengthIsSixteenBits() {
        // libiscsi AllocLength: 511 (low byte FFh) and 512 (low byte 00h) give the same data
        byte[] at511 = expectData(dispatch(Cdbs.inquiry(false, 0, 511)));
        byte[] at512 = expectData(dispatch(Cdbs.inquiry(false, 0, 512)));
        assertArrayEquals(at511, at512);
        assertEquals(96, at512.length);
    }

    @Test
    void evpdZeroWithPageCodeIsInvalidField() {
        // libiscsi EVPD: EVPD = 0, PAGE CODE = 1
        expectInvalidFieldInCdb(dispatch(Cdbs.inquiry(false, 1, 256)), 2, -1);
        expectInvalidFieldInCdb(dispatch(Cdbs.inquiry(false, 0x83, 256)), 2, -1);
    }

    @Test
    void cmddtIsInvalidField() {
        expectInvalidFieldInCdb(dispatch(Cdbs.request(ScsiOpcode.INQUIRY.code(), 0x02, 0, 0, 96)), 1, 1);
    }

    @Test
    void unsupportedVpdPageIsInvalidField() {
        for (int page : new int[] {0x01, 0x81, 0x86, 0x88, 0x8E, 0xB3, 0xFF}) {
            expectInvalidFieldInCdb(dispatch(Cdbs.inquiry(true, page, 255)), 2, -1);
        }
        // Logical Block Provisioning only exists on thin units
        expectInvalidFieldInCdb(dispatch(Cdbs.inquiry(true, 0xB2, 255)), 2, -1);
    }

    @Test
    void supportedVpdPagesAscendingAndEachReadable() {
        byte[] pages = expectData(dispatch(Cdbs.inquiry(true, 0x00, 255)),
                bytes(0x00, 0x00, 0x00, 0x06, 0x00, 0x80, 0x83, 0x8F, 0xB0, 0xB1));
        for (int i = 4; i < pages.length; i++) {
            byte[] page = expectData(dispatch(Cdbs.inquiry(true, pages[i] & 0xFF, 255)));
            assertEquals(pages[i], page[1], "PAGE CODE echoed");
            assertEquals(page.length, ((page[2] & 0xFF) << 8 | (page[3] & 0xFF)) + 4, "PAGE LENGTH");
        }
    }

    @Test
    void thinUnitListsLogicalBlockProvisioning() {
        LogicalUnitInfo thin = Units.of(new Geometry(512, Units.BLOCKS), true);
        expectData(dispatch(thin, Cdbs.inquiry(true, 0x00, 255)),
                bytes(0x00, 0x00, 0x00, 0x07, 0x00, 0x80, 0x83, 0x8F, 0xB0, 0xB1, 0xB2));
        // LBPU, LBPWS, LBPWS10, LBPRZ; ANC_SUP and DP clear; provisioning type 010b (thin)
        expectData(dispatch(thin, Cdbs.inquiry(true, 0xB2, 255)), bytes(0x00, 0xB2, 0x00, 0x04, 0, 0xE4, 0x02, 0));
    }

    @Test
    void unitSerialNumber() {
        expectData(dispatch(Cdbs.inquiry(true, 0x80, 255)),
                concat(bytes(0x00, 0x80, 0x00, 0x06), ascii("PW0001")));
    }

    @Test
    void deviceIdentification() {
        byte[] naa = bytes(0x01, 0x03, 0x00, 0x08, 0x60, 0x01, 0x40, 0x50, 0x00, 0x00, 0x00, 0x01);
        byte[] t10 = concat(bytes(0x02, 0x01, 0x00, 14), ascii("PAGEWIRE"), ascii("PW0001"));
        byte[] relativePort = bytes(0x51, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01);
        // "iqn.2024-01.io.pagewire:disk1,t,0x0001" is 38 bytes: null terminated and padded to 40
        byte[] portName = concat(bytes(0x53, 0x98, 0x00, 40), ascii(Units.TARGET + ",t,0x0001"), new byte[2]);
        // the 29-byte target name: null terminated and padded to 32
        byte[] deviceName = concat(bytes(0x53, 0xA8, 0x00, 32), ascii(Units.TARGET), new byte[3]);
        byte[] body = concat(naa, t10, relativePort, portName, deviceName);
        assertEquals(118, body.length);
        expectData(dispatch(Cdbs.inquiry(true, 0x83, 255)), concat(bytes(0x00, 0x83, 0x00, 118), body));
    }

    @Test
    void deviceIdentificationTruncated() {
        byte[] full = expectData(dispatch(Cdbs.inquiry(true, 0x83, 1024)));
        expectData(dispatch(Cdbs.inquiry(true, 0x83, 16)), Arrays.copyOf(full, 16));
        assertEquals(122, full.length);
    }

    @Test
    void targetPortNameUsesTheRelativePortAsPortalGroupTag() {
        LogicalUnitInfo lu = Units.standard();
        LogicalUnitInfo port2 = new LogicalUnitInfo(3, lu.geometry(), "V", "P", "R", "S", 1, "iqn.x", 0x1234,
                java.util.List.of(3), false);
        byte[] page = expectData(dispatch(port2, Cdbs.inquiry(true, 0x83, 1024)));
        String text = new String(page, StandardCharsets.US_ASCII);
        assertTrue(text.contains("iqn.x,t,0x1234\0"), text);
    }

    @Test
    void blockLimitsSbc3Length() {
        byte[] expected = new byte[64];
        expected[1] = (byte) 0xB0;
        expected[3] = 0x3C;                                 // SBC-3 page length
        expected[5] = (byte) 255;                           // MAXIMUM COMPARE AND WRITE LENGTH
        expected[7] = 8;                                    // OPTIMAL TRANSFER LENGTH GRANULARITY: 4 KiB
        Cdbs.putBe(expected, 8, 4, 16384);                  // MAXIMUM TRANSFER LENGTH: 8 MiB of 512-byte blocks
        Cdbs.putBe(expected, 12, 4, 16384);                 // OPTIMAL TRANSFER LENGTH
        Cdbs.putBe(expected, 44, 4, 2048);                  // MAXIMUM ATOMIC TRANSFER LENGTH: 1 MiB; alignment,
                                                            // granularity and boundaries 0 (none)
        // MAXIMUM UNMAP LBA COUNT / BLOCK DESCRIPTOR COUNT stay 0: no LBPU (libiscsi BlockLimits)
        Cdbs.putBe(expected, 36, 8, 32768);                 // MAXIMUM WRITE SAME LENGTH: 16 MiB
        expectData(dispatch(Cdbs.inquiry(true, 0xB0, 255)), expected);
    }

    @Test
    void thinUnitBlockLimitsReportUnmap() {
        byte[] page = expectData(dispatch(Units.of(new Geometry(4096, Units.BLOCKS), true),
                Cdbs.inquiry(true, 0xB0, 255)));
        assertEquals(64, page.length);
        assertArrayEquals(bytes(0, 1, 0, 0), Arrays.copyOfRange(page, 20, 24), "MAXIMUM UNMAP LBA COUNT: 256 MiB");
        assertArrayEquals(bytes(0, 0, 1, 0), Arrays.copyOfRange(page, 24, 28), "MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT");
        assertArrayEquals(bytes(0, 0, 0, 1), Arrays.copyOfRange(page, 28, 32), "OPTIMAL UNMAP GRANULARITY");
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0x10, 0), Arrays.copyOfRange(page, 36, 44),
                "MAXIMUM WRITE SAME LENGTH: 16 MiB of 4 KiB blocks");
        assertEquals(0, page[4] & 0x01, "WSNZ: 0 blocks means to the end");
    }

    @Test
    void physicalBlocksSetTheOptimalGranularities() {
        byte[] page = expectData(dispatch(Units.thinWithPhysicalBlockExponent(4), Cdbs.inquiry(true, 0xB0, 255)));
        assertArrayEquals(bytes(0, 16), Arrays.copyOfRange(page, 6, 8), "OPTIMAL TRANSFER LENGTH GRANULARITY");
        assertArrayEquals(bytes(0, 0, 0, 16), Arrays.copyOfRange(page, 28, 32), "OPTIMAL UNMAP GRANULARITY");
    }

    @Test
    void blockLimitsFollowTheUnit() {
        byte[] page = expectData(dispatch(Units.of(new Geometry(4096, 100), false), Cdbs.inquiry(true, 0xB0, 255)));
        assertArrayEquals(bytes(0x00, 0x01), Arrays.copyOfRange(page, 6, 8));
        assertArrayEquals(bytes(0, 0, 0x08, 0x00), Arrays.copyOfRange(page, 8, 12)); // 2048 blocks = 8 MiB
        byte[] unlimited = expectData(dispatch(Units.withMaxTransfer(0), Cdbs.inquiry(true, 0xB0, 255)));
        assertArrayEquals(new byte[8], Arrays.copyOfRange(unlimited, 8, 16));
    }

    @Test
    void blockDeviceCharacteristicsNonRotating() {
        byte[] expected = new byte[64];
        expected[1] = (byte) 0xB1;
        expected[3] = 0x3C;
        expected[5] = 0x01;                                 // MEDIUM ROTATION RATE 0001h
        expected[7] = 0x50;                                 // WABEREQ = WACEREQ = 01b: erased blocks read
        expectData(dispatch(Cdbs.inquiry(true, 0xB1, 255)), expected);
    }

    @Test
    void vpdPageTruncatedToAllocationLength() {
        expectData(dispatch(Cdbs.inquiry(true, 0x00, 5)), bytes(0x00, 0x00, 0x00, 0x06, 0x00));
        expectData(dispatch(Cdbs.inquiry(true, 0xB0, 0)), new byte[0]);
    }

    private static void put(byte[] b, int offset, String text) {
        byte[] ascii = ascii(text);
        System.arraycopy(ascii, 0, b, offset, ascii.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
