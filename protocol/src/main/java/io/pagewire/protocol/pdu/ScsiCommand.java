package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SCSI Command, RFC 7143 §11.3. {@code cdb} is the whole CDB: the 16 bytes of the BHS, followed by
 * the extended-CDB AHS bytes when present (§11.2.2.3). {@code bidiReadLength} is the
 * Bidirectional Read Expected Data Transfer Length AHS (§11.2.2.4), or -1 when absent.
 * {@code attribute} is the 3-bit task attribute. {@code data} holds the immediate data.
 */
public record ScsiCommand(boolean immediate, boolean finalFlag, boolean read, boolean write, int attribute,
                          long lun, int itt, int expectedDataTransferLength, int cmdSn, int expStatSn,
                          byte[] cdb, int bidiReadLength, ByteBuf data) implements PayloadPdu {
    public ScsiCommand {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(data, "data");
        if (cdb.length < 16) {
            throw new IllegalArgumentException("CDB field is 16 bytes, got " + cdb.length);
        }
    }

    /** Expected data transfer length as the unsigned value it is on the wire. */
    public long edtl() {
        return Integer.toUnsignedLong(expectedDataTransferLength);
    }

    @Override
    public Opcode opcode() {
        return Opcode.SCSI_COMMAND;
    }
}
