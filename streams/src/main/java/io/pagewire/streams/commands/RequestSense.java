package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;

/**
 * REQUEST SENSE, SPC-4 §6.29. The table's handler reports NO SENSE, in descriptor format when
 * DESC = 1; a unit attention pending for the nexus is reported (and so cleared) by the session
 * through {@link #reporting} (SAM-5 §5.14).
 */
public final class RequestSense implements ScsiCommandHandler {

    static final int DESC_BYTE = 1;
    static final int DESC_BIT = 0;
    static final int ALLOCATION_LENGTH = 4;

    private final SenseData pending;

    /** A REQUEST SENSE that reports {@code pending}: NO SENSE for a unit, LOGICAL UNIT NOT SUPPORTED for none. */
    RequestSense(SenseCode pending) {
        this.pending = SenseData.of(pending);
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        byte[] sense = pending.encode(Cdb.bit(cdb, DESC_BYTE, DESC_BIT));
        return Plans.respond(sense, Cdb.uint8(cdb, ALLOCATION_LENGTH));
    }

    /** The parameter data of a REQUEST SENSE reporting {@code pending}, as the CDB asks (DESC, ALLOCATION LENGTH). */
    public static CommandPlan reporting(CommandRequest request, SenseData pending) {
        byte[] cdb = request.cdb();
        return Plans.respond(pending.encode(Cdb.bit(cdb, DESC_BYTE, DESC_BIT)), Cdb.uint8(cdb, ALLOCATION_LENGTH));
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(6).bits(DESC_BYTE, 1 << DESC_BIT).bytes(ALLOCATION_LENGTH, 1);
    }
}
