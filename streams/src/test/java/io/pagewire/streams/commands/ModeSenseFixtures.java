package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;

import java.util.ArrayList;
import java.util.List;

/** The pages of Units.standard() as MODE SENSE returns them, and libiscsi's way of walking them. */
final class ModeSenseFixtures {

    static final byte[] CACHING = concat(bytes(0x08, 0x12, 0x04), new byte[17]);
    static final byte[] CACHING_CHANGEABLE = concat(bytes(0x08, 0x12, 0x04), new byte[17]); // WCE
    static final byte[] CONTROL = bytes(0x0A, 0x0A, 0x02, 0x10, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00);
    static final byte[] CONTROL_CHANGEABLE = concat(bytes(0x0A, 0x0A, 0x04, 0x00, 0x08), new byte[7]); // D_SENSE, SWP
    static final byte[] IEC = concat(bytes(0x1C, 0x0A, 0x08), new byte[9]);
    static final byte[] IEC_CHANGEABLE = concat(bytes(0x1C, 0x0A), new byte[10]);
    static final byte[] ALL = concat(CACHING, CONTROL, IEC);
    static final byte[] ALL_CHANGEABLE = concat(CACHING_CHANGEABLE, CONTROL_CHANGEABLE, IEC_CHANGEABLE);
    /** Short block descriptor: 200000h blocks of 512 bytes. */
    static final byte[] SHORT_DESCRIPTOR = bytes(0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00);

    private ModeSenseFixtures() {
    }

    static byte[] concat(byte[]... parts) {
        return InquiryTest.concat(parts);
    }

    /** Page codes in the order they appear after the header and block descriptors (libiscsi's walk). */
    static List<Integer> pageCodes(byte[] data, int headerLength, int descriptorLength) {
        List<Integer> codes = new ArrayList<>();
        int pos = headerLength + descriptorLength;
        while (pos < data.length) {
            boolean spf = (data[pos] & 0x40) != 0;
            codes.add(data[pos] & 0x3F);
            int length = spf ? ((data[pos + 2] & 0xFF) << 8 | (data[pos + 3] & 0xFF)) + 4 : (data[pos + 1] & 0xFF) + 2;
            pos += length;
        }
        return codes;
    }
}
