package io.pagewire.actors.lu;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An I_T nexus as SAM-5 §4.6 names it: the initiator port and the target port. For iSCSI the
 * initiator port name is "{@code InitiatorName,i,0xISID}" and the target port name
 * "{@code TargetName,t,0xTPGT}" (RFC 7143 §4.2.7, SPC-4 §7.6.4.6); a new login with the same ISID is
 * the same nexus, one with another ISID a different one.
 */
public record Nexus(String initiatorPort, String targetPort) {

    public Nexus {
        Objects.requireNonNull(initiatorPort, "initiatorPort");
        Objects.requireNonNull(targetPort, "targetPort");
    }

    public static Nexus of(String initiatorName, long isid, String targetName, int targetPortalGroupTag) {
        return new Nexus(initiatorPort(initiatorName, isid),
                targetName + ",t,0x" + String.format(Locale.ROOT, "%04x", targetPortalGroupTag));
    }

    /** "{@code name,i,0x<12 hex digits>}", the iSCSI initiator port name of SPC-4 §7.6.4.6. */
    public static String initiatorPort(String initiatorName, long isid) {
        return initiatorName + ",i,0x" + String.format(Locale.ROOT, "%012x", isid & 0xFFFF_FFFF_FFFFL);
    }

    /**
     * The iSCSI TransportID of the initiator port, format 01b (SPC-4 §7.6.4.6, table 484): protocol
     * identifier 5, the port name NUL-terminated and padded to a multiple of four bytes.
     */
    public byte[] transportId() {
        byte[] name = initiatorPort.getBytes(StandardCharsets.UTF_8);
        int padded = Math.max(20, (name.length + 1 + 3) & ~3);
        byte[] id = new byte[4 + padded];
        id[0] = (byte) (0x40 | TransportIds.ISCSI_PROTOCOL);
        id[2] = (byte) (padded >>> 8);
        id[3] = (byte) padded;
        System.arraycopy(name, 0, id, 4, name.length);
        return id;
    }

    @Override
    public String toString() {
        return initiatorPort + " -> " + targetPort;
    }
}
