package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;

/**
 * CDBs built the way libiscsi's scsi_cdb_* marshal them, padded to the 16 bytes of the iSCSI BHS, and
 * wrapped as {@link CommandRequest}s with a matching Expected Data Transfer Length.
 */
final class Cdbs {

    private Cdbs() {
    }

    static byte[] cdb(int... bytes) {
        byte[] cdb = new byte[Math.max(16, bytes.length)];
        for (int i = 0; i < bytes.length; i++) {
            cdb[i] = (byte) bytes[i];
        }
        return cdb;
    }

    static CommandRequest request(byte[] cdb) {
        return new CommandRequest(cdb, 0, false, false);
    }

    static CommandRequest request(int... bytes) {
        return request(cdb(bytes));
    }

    static void putBe(byte[] cdb, int offset, int width, long value) {
        for (int i = 0; i < width; i++) {
            cdb[offset + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
    }

    static CommandRequest read6(long lba, int blocks) {
        byte[] c = cdb(ScsiOpcode.READ_6.code());
        putBe(c, 1, 3, lba & 0x1F_FFFF);
        c[4] = (byte) blocks;
        return request(c);
    }

    static CommandRequest write6(long lba, int blocks) {
        CommandRequest r = read6(lba, blocks);
        r.cdb()[0] = (byte) ScsiOpcode.WRITE_6.code();
        return r;
    }

    /** READ/WRITE/VERIFY(10): flags byte 1, LBA 2..5, length 7..8. */
    static CommandRequest block10(ScsiOpcode op, long lba, long blocks, int flags) {
        byte[] c = cdb(op.code(), flags);
        putBe(c, 2, 4, lba);
        putBe(c, 7, 2, blocks);
        return request(c);
    }

    /** READ/WRITE/VERIFY(12): flags byte 1, LBA 2..5, length 6..9. */
    static CommandRequest block12(ScsiOpcode op, long lba, long blocks, int flags) {
        byte[] c = cdb(op.code(), flags);
        putBe(c, 2, 4, lba);
        putBe(c, 6, 4, blocks);
        return request(c);
    }

    /** READ/WRITE/VERIFY(16): flags byte 1, LBA 2..9, length 10..13. */
    static CommandRequest block16(ScsiOpcode op, long lba, long blocks, int flags) {
        byte[] c = cdb(op.code(), flags);
        putBe(c, 2, 8, lba);
        putBe(c, 10, 4, blocks);
        return request(c);
    }

    static CommandRequest inquiry(boolean evpd, int pageCode, int allocationLength) {
        return request(ScsiOpcode.INQUIRY.code(), evpd ? 1 : 0, pageCode, allocationLength >>> 8, allocationLength & 0xFF);
    }

    static CommandRequest modeSense6(boolean dbd, int pc, int pageCode, int subpage, int allocationLength) {
        return request(ScsiOpcode.MODE_SENSE_6.code(), dbd ? 0x08 : 0, pc << 6 | pageCode, subpage, allocationLength);
    }

    static CommandRequest modeSense10(boolean llbaa, boolean dbd, int pc, int pageCode, int subpage,
                                      int allocationLength) {
        return request(ScsiOpcode.MODE_SENSE_10.code(), (llbaa ? 0x10 : 0) | (dbd ? 0x08 : 0), pc << 6 | pageCode,
                subpage, 0, 0, 0, allocationLength >>> 8, allocationLength & 0xFF);
    }

    static CommandRequest readCapacity16(int allocationLength) {
        byte[] c = cdb(ScsiOpcode.SERVICE_ACTION_IN_16.code(), 0x10);
        putBe(c, 10, 4, allocationLength);
        return request(c);
    }

    static CommandRequest reportLuns(int select, long allocationLength) {
        byte[] c = cdb(ScsiOpcode.REPORT_LUNS.code(), 0, select);
        putBe(c, 6, 4, allocationLength);
        return request(c);
    }
}
