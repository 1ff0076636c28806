package io.pagewire.actors.lu;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** iSCSI TransportIDs (SPC-4 §7.6.4.6) as REGISTER AND MOVE carries them. */
final class TransportIds {
    static final int ISCSI_PROTOCOL = 5;
    static final int FORMAT_PORT = 1;

    private TransportIds() {
    }

    /**
     * The initiator port a format-01b iSCSI TransportID names, or null when {@code id[offset..]} is
     * not one (another protocol, format 00b without an ISID, no ",i,0x" separator, too short).
     */
    static String initiatorPort(byte[] id, int offset, int length) {
        if (length < 8 || offset + length > id.length) {
            return null;
        }
        int protocol = id[offset] & 0x0F;
        int format = (id[offset] & 0xC0) >>> 6;
        int additional = (id[offset + 2] & 0xFF) << 8 | id[offset + 3] & 0xFF;
        if (protocol != ISCSI_PROTOCOL || format != FORMAT_PORT || 4 + additional > length) {
            return null;
        }
        int end = offset + 4;
        while (end < offset + 4 + additional && id[end] != 0) {
            end++;
        }
        String port = new String(id, offset + 4, end - offset - 4, StandardCharsets.UTF_8);
        int separator = port.toLowerCase(Locale.ROOT).indexOf(",i,0x");
        if (separator <= 0) {
            return null;
        }
        try {
            long isid = Long.parseUnsignedLong(port.substring(separator + 5), 16);
            return Nexus.initiatorPort(port.substring(0, separator), isid);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
