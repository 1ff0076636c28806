package io.pagewire.streams.commands;

import java.util.Objects;

/**
 * A SCSI command as the command layer sees it: the CDB (16 bytes or longer) and what the
 * initiator said about the transfer (RFC 7143 §11.3: R/W bits and the Expected Data Transfer
 * Length, taken as unsigned).
 */
public record CommandRequest(byte[] cdb, long expectedDataTransferLength, boolean read, boolean write) {
    public CommandRequest {
        Objects.requireNonNull(cdb, "cdb");
    }

    public int opcode() {
        return cdb[0] & 0xff;
    }
}
