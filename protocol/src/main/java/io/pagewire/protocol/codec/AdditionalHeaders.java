package io.pagewire.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.pagewire.protocol.pdu.ScsiCommand;

/**
 * The Additional Header Segments a SCSI Command may carry (RFC 7143 §11.2.2): the Extended CDB
 * (type 1, §11.2.2.3) and the Bidirectional Read Expected Data Transfer Length (type 2, §11.2.2.4).
 * Each AHS is AHSLength (2 bytes), AHSType (1 byte), AHSLength more bytes, padded to a 4-byte word;
 * AHSLength of both types counts a reserved byte before the value.
 *
 * @param extendedCdb    CDB bytes beyond the 16 in the BHS (empty when absent)
 * @param bidiReadLength the bidirectional read length, or -1 when absent
 */
record AdditionalHeaders(byte[] extendedCdb, int bidiReadLength) {
    static final AdditionalHeaders NONE = new AdditionalHeaders(new byte[0], -1);

    static final int EXTENDED_CDB = 1;
    static final int BIDI_READ_LENGTH = 2;
    /** AHSLength and AHSType. */
    private static final int AHS_HEADER = 3;
    /** Reserved byte + 4-byte length. */
    private static final int BIDI_AHS_LENGTH = 5;
    /** TotalAHSLength is one byte counting 4-byte words (§11.2.1.4). */
    static final int MAX_TOTAL_LENGTH = 255 * 4;

    /**
     * Parses {@code length} bytes of AHS from {@code buf} at {@code index}. Unknown types are skipped.
     *
     * @throws CorruptedFrameException when an AHS overruns TotalAHSLength, or a known type has the wrong length
     */
    static AdditionalHeaders parse(ByteBuf buf, int index, int length) {
        byte[] extendedCdb = null;
        int bidiReadLength = -1;
        boolean bidiSeen = false;
        int pos = 0;
        while (pos < length) {
            if (length - pos < AHS_HEADER) {
                throw new CorruptedFrameException("AHS header at " + pos + " overruns TotalAHSLength " + length);
            }
            int ahsLength = buf.getUnsignedShort(index + pos);
            int type = buf.getUnsignedByte(index + pos + 2);
            int size = AHS_HEADER + ahsLength + Bhs.padding(AHS_HEADER + ahsLength);
            if (size > length - pos) {
                throw new CorruptedFrameException("AHS type " + type + " with AHSLength " + ahsLength
                        + " at " + pos + " overruns TotalAHSLength " + length);
            }
            int value = index + pos + AHS_HEADER + 1;
            if (type == EXTENDED_CDB) {
                if (extendedCdb != null || ahsLength < 1) {
                    throw new CorruptedFrameException("bad Extended CDB AHS, AHSLength " + ahsLength);
                }
                extendedCdb = new byte[ahsLength - 1];
                buf.getBytes(value, extendedCdb);
            } else if (type == BIDI_READ_LENGTH) {
                if (bidiSeen || ahsLength != BIDI_AHS_LENGTH) {
                    throw new CorruptedFrameException("bad Bidirectional Read AHS, AHSLength " + ahsLength);
                }
                bidiSeen = true;
                bidiReadLength = buf.getInt(value);
            }
            pos += size;
        }
        return new AdditionalHeaders(extendedCdb == null ? new byte[0] : extendedCdb, bidiReadLength);
    }

    /** The whole CDB: the 16 BHS bytes at {@code cdbIndex}, then the extended bytes. */
    byte[] cdb(ByteBuf bhs, int cdbIndex) {
        byte[] cdb = new byte[Bhs.CDB_LENGTH + extendedCdb.length];
        bhs.getBytes(cdbIndex, cdb, 0, Bhs.CDB_LENGTH);
        System.arraycopy(extendedCdb, 0, cdb, Bhs.CDB_LENGTH, extendedCdb.length);
        return cdb;
    }

    /** Bytes of AHS, padding included, that {@link #write} produces for {@code command}. */
    static int lengthOf(ScsiCommand command) {
        int length = 0;
        int extended = command.cdb().length - Bhs.CDB_LENGTH;
        if (extended > 0) {
            length += AHS_HEADER + 1 + extended + Bhs.padding(AHS_HEADER + 1 + extended);
        }
        if (command.bidiReadLength() != -1) {
            length += AHS_HEADER + BIDI_AHS_LENGTH;
        }
        if (length > MAX_TOTAL_LENGTH) {
            throw new IllegalArgumentException("CDB of " + command.cdb().length + " bytes needs "
                    + length + " bytes of AHS, more than TotalAHSLength can carry");
        }
        return length;
    }

    /** Writes the Extended CDB AHS, then the Bidirectional Read AHS, each only when needed. */
    static void write(ScsiCommand command, ByteBuf out) {
        byte[] cdb = command.cdb();
        int extended = cdb.length - Bhs.CDB_LENGTH;
        if (extended > 0) {
            out.writeShort(1 + extended);
            out.writeByte(EXTENDED_CDB);
            out.writeByte(0);
            out.writeBytes(cdb, Bhs.CDB_LENGTH, extended);
            out.writeZero(Bhs.padding(AHS_HEADER + 1 + extended));
        }
        if (command.bidiReadLength() != -1) {
            out.writeShort(BIDI_AHS_LENGTH);
            out.writeByte(BIDI_READ_LENGTH);
            out.writeByte(0);
            out.writeInt(command.bidiReadLength());
        }
    }
}
