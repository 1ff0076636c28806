package io.pagewire.streams.commands;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Device Identification VPD page (83h), SPC-4 §7.8.6. Designation descriptors, in this order:
 * <ol>
 *   <li>NAA (the LU's {@link LogicalUnitInfo#naaId()}), logical unit, binary;</li>
 *   <li>T10 vendor ID based: vendor id + unit serial number, logical unit, ASCII;</li>
 *   <li>relative target port identifier, target port, iSCSI;</li>
 *   <li>SCSI name string of the target port, "{@code <target name>,t,0x<tag>}" (RFC 7143 §4.2.7.2),
 *       target port, UTF-8;</li>
 *   <li>SCSI name string of the target device, the iSCSI target name, target device, UTF-8.</li>
 * </ol>
 * No target port group designator: the target does not claim ALUA (TPGS = 0 in INQUIRY).
 */
final class DeviceIdentification {

    static final int PAGE_CODE = 0x83;

    // designation descriptor header, SPC-4 table 459
    static final int PROTOCOL_ISCSI = 0x5;
    static final int CODE_SET_BINARY = 0x1;
    static final int CODE_SET_ASCII = 0x2;
    static final int CODE_SET_UTF8 = 0x3;
    static final int PIV = 0x80;
    static final int ASSOCIATION_LOGICAL_UNIT = 0x00;
    static final int ASSOCIATION_TARGET_PORT = 0x10;
    static final int ASSOCIATION_TARGET_DEVICE = 0x20;
    static final int TYPE_T10_VENDOR_ID = 0x1;
    static final int TYPE_NAA = 0x3;
    static final int TYPE_RELATIVE_TARGET_PORT = 0x4;
    static final int TYPE_SCSI_NAME_STRING = 0x8;

    private DeviceIdentification() {
    }

    static byte[] page(LogicalUnitInfo lu) {
        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();

        byte[] naa = new byte[8];
        ParameterBytes.put64(naa, 0, lu.naaId());
        descriptor(descriptors, 0, CODE_SET_BINARY, ASSOCIATION_LOGICAL_UNIT | TYPE_NAA, naa);

        byte[] vendorId = new byte[8 + lu.serial().length()];
        ParameterBytes.putAsciiPadded(vendorId, 0, lu.vendor(), 8);
        ParameterBytes.putAsciiPadded(vendorId, 8, lu.serial(), lu.serial().length());
        descriptor(descriptors, 0, CODE_SET_ASCII, ASSOCIATION_LOGICAL_UNIT | TYPE_T10_VENDOR_ID, vendorId);

        byte[] relativePort = new byte[4];
        ParameterBytes.put16(relativePort, 2, lu.relativePortId());
        descriptor(descriptors, PROTOCOL_ISCSI, CODE_SET_BINARY,
                PIV | ASSOCIATION_TARGET_PORT | TYPE_RELATIVE_TARGET_PORT, relativePort);

        descriptor(descriptors, PROTOCOL_ISCSI, CODE_SET_UTF8,
                PIV | ASSOCIATION_TARGET_PORT | TYPE_SCSI_NAME_STRING, nameString(targetPortName(lu)));
        descriptor(descriptors, PROTOCOL_ISCSI, CODE_SET_UTF8,
                PIV | ASSOCIATION_TARGET_DEVICE | TYPE_SCSI_NAME_STRING, nameString(lu.targetName()));

        return VpdPage.withHeader(PAGE_CODE, descriptors.toByteArray());
    }

    /** The iSCSI target port name, RFC 7143 §4.2.7.2: name, ",t,0x", portal group tag in hex. */
    static String targetPortName(LogicalUnitInfo lu) {
        return lu.targetName() + ",t,0x" + String.format("%04x", lu.relativePortId());
    }

    /** SPC-4 §7.8.6.10: UTF-8, null terminated, null padded to a multiple of four bytes. */
    private static byte[] nameString(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int length = (utf8.length + 1 + 3) & ~3;
        byte[] padded = new byte[length];
        System.arraycopy(utf8, 0, padded, 0, utf8.length);
        return padded;
    }

    private static void descriptor(ByteArrayOutputStream out, int protocol, int codeSet, int flags, byte[] designator) {
        out.write(protocol << 4 | codeSet);
        out.write(flags);
        out.write(0);
        out.write(designator.length);
        out.writeBytes(designator);
    }
}
