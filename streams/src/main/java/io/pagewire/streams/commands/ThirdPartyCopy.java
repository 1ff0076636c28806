package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.ServiceAction;
import java.io.ByteArrayOutputStream;

/**
 * The Third-party Copy VPD page (8Fh), SPC-4 §7.8.17: what EXTENDED COPY (LID1) supports, as the
 * descriptors VMware and libiscsi look for: Supported Commands (0001h), Supported Descriptors (0004h)
 * and Supported CSCD Descriptor IDs (000Ch, empty: LID1 lists carry no CSCD IDs). Each descriptor is
 * padded to a multiple of four bytes.
 */
final class ThirdPartyCopy {

    static final int PAGE_CODE = 0x8F;
    static final int SUPPORTED_COMMANDS = 0x0001;
    static final int SUPPORTED_DESCRIPTORS = 0x0004;
    static final int SUPPORTED_CSCD_DESCRIPTOR_IDS = 0x000C;

    /** Opcode, then its service actions. */
    static final int[][] COMMANDS = {
            {ScsiOpcode.EXTENDED_COPY.code(), ServiceAction.EXTENDED_COPY_LID1.code()},
            {ScsiOpcode.RECEIVE_COPY_RESULTS.code(), ServiceAction.RECEIVE_COPY_STATUS_LID1.code(),
                    ServiceAction.RECEIVE_COPY_OPERATING_PARAMETERS.code()},
    };

    private ThirdPartyCopy() {
    }

    static byte[] page(LogicalUnitInfo lu) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();

        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        for (int[] command : COMMANDS) {
            commands.write(command[0]);
            commands.write(command.length - 1);
            for (int i = 1; i < command.length; i++) {
                commands.write(command[i]);
            }
        }
        ByteArrayOutputStream supported = new ByteArrayOutputStream();
        supported.write(commands.size());
        supported.writeBytes(commands.toByteArray());
        descriptor(body, SUPPORTED_COMMANDS, supported.toByteArray());

        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
        descriptors.write(ReceiveCopyResults.IMPLEMENTED_DESCRIPTORS.length);
        for (int code : ReceiveCopyResults.IMPLEMENTED_DESCRIPTORS) {
            descriptors.write(code);
        }
        descriptor(body, SUPPORTED_DESCRIPTORS, descriptors.toByteArray());

        descriptor(body, SUPPORTED_CSCD_DESCRIPTOR_IDS, new byte[2]);
        return VpdPage.withHeader(PAGE_CODE, body.toByteArray());
    }

    /** TYPE, LENGTH, then {@code content} zero-padded so that the descriptor is a multiple of 4 bytes. */
    private static void descriptor(ByteArrayOutputStream out, int type, byte[] content) {
        int length = (content.length + 3) & ~3;
        out.write(type >> 8);
        out.write(type);
        out.write(length >> 8);
        out.write(length);
        out.writeBytes(content);
        out.writeBytes(new byte[length - content.length]);
    }
}
