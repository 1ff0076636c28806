package io.pagewire.streams.commands;

/**
 * Standard INQUIRY data, SPC-4 §6.4.2 table 142: a direct-access block device (SBC-3) claiming SPC-4,
 * response data format 2, HISUP, command queuing, and the version descriptors SAM-5, iSCSI, SPC-4,
 * SBC-3. {@value #LENGTH} bytes, the whole structure up to the reserved bytes after the eight
 * version descriptors.
 */
final class StandardInquiry {

    static final int LENGTH = 96;
    /** What a unit that does not exist answers with, up to the revision level. */
    static final int NO_UNIT_LENGTH = 36;

    // offsets, SPC-4 table 142
    static final int PERIPHERAL = 0;
    static final int VERSION = 2;
    static final int FORMAT_FLAGS = 3;
    static final int ADDITIONAL_LENGTH = 4;
    static final int QUEUING_FLAGS = 7;
    static final int VENDOR_IDENTIFICATION = 8;
    static final int PRODUCT_IDENTIFICATION = 16;
    static final int PRODUCT_REVISION_LEVEL = 32;
    static final int VERSION_DESCRIPTORS = 58;

    /** Peripheral qualifier 000b, device type 00h (direct access block device). */
    static final int DIRECT_ACCESS_BLOCK_DEVICE = 0x00;
    /** Peripheral qualifier 011b, device type 1Fh: no logical unit can exist at this LUN. */
    static final int NO_UNIT = 0x7F;
    static final int VERSION_SPC4 = 0x06;
    static final int HISUP = 0x10;
    static final int RESPONSE_DATA_FORMAT = 0x02;
    static final int CMDQUE = 0x02;
    /** Byte 5 bit 3, 3PC: EXTENDED COPY is supported (SPC-4 §6.4.2). */
    static final int SCCS_FLAGS = 5;
    static final int THIRD_PARTY_COPY = 0x08;
    /** RMB, byte 1 bit 7: the medium is removable (SPC-4 §6.4.2). */
    static final int RMB = 0x80;

    /** Version descriptors, SPC-4 table 145: SAM-5, iSCSI, SPC-4, SBC-3 (no version claimed). */
    static final int[] VERSION_DESCRIPTOR_CODES = {0x00A0, 0x0960, 0x0460, 0x04C0};

    private StandardInquiry() {
    }

    static byte[] of(LogicalUnitInfo lu) {
        byte[] b = new byte[LENGTH];
        b[PERIPHERAL] = DIRECT_ACCESS_BLOCK_DEVICE;
        writeHeader(b);
        b[SCCS_FLAGS] |= THIRD_PARTY_COPY;
        if (lu.removable()) {
            b[PERIPHERAL + 1] = (byte) RMB;
        }
        ParameterBytes.putAsciiPadded(b, VENDOR_IDENTIFICATION, lu.vendor(), 8);
        ParameterBytes.putAsciiPadded(b, PRODUCT_IDENTIFICATION, lu.product(), 16);
        ParameterBytes.putAsciiPadded(b, PRODUCT_REVISION_LEVEL, lu.revision(), 4);
        for (int i = 0; i < VERSION_DESCRIPTOR_CODES.length; i++) {
            ParameterBytes.put16(b, VERSION_DESCRIPTORS + 2 * i, VERSION_DESCRIPTOR_CODES[i]);
        }
        return b;
    }

    /** SPC-4 §6.4.2: the answer at a LUN with no logical unit behind it. */
    static byte[] noUnit() {
        byte[] b = new byte[NO_UNIT_LENGTH];
        b[PERIPHERAL] = (byte) NO_UNIT;
        writeHeader(b);
        ParameterBytes.putAsciiPadded(b, VENDOR_IDENTIFICATION, "", 8);
        ParameterBytes.putAsciiPadded(b, PRODUCT_IDENTIFICATION, "", 16);
        ParameterBytes.putAsciiPadded(b, PRODUCT_REVISION_LEVEL, "", 4);
        return b;
    }

    private static void writeHeader(byte[] b) {
        b[VERSION] = VERSION_SPC4;
        b[FORMAT_FLAGS] = HISUP | RESPONSE_DATA_FORMAT;
        b[ADDITIONAL_LENGTH] = (byte) (b.length - (ADDITIONAL_LENGTH + 1));
        b[QUEUING_FLAGS] = CMDQUE;
    }
}
