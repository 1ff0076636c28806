package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * EXTENDED COPY (LID1) (83h / 00h), SPC-4 §6.4 (SPC-3 §6.3). The CDB only says how long the
 * parameter list is; the list itself arrives as Data-Out and is checked by {@link ExtendedCopyList}
 * once the session has it. A PARAMETER LIST LENGTH of zero copies nothing and is not an error
 * (SPC-4 §4.2.5.5).
 */
final class ExtendedCopy implements ScsiCommandHandler {

    static final int PARAMETER_LIST_LENGTH = 10;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        long length = Cdb.uint32(request.cdb(), PARAMETER_LIST_LENGTH);
        if (length == 0) {
            return CommandPlan.Respond.GOOD;
        }
        if (length > ExtendedCopyList.MAX_PARAMETER_LIST_LENGTH) {
            // More than the largest list we accept: refuse before any Data-Out is solicited.
            return Plans.check(io.pagewire.protocol.scsi.SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        return new CommandPlan.ExtendedCopy((int) length);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(16).bytes(PARAMETER_LIST_LENGTH, 4);
    }
}
