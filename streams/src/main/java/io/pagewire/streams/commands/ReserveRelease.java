package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * RESERVE(6)/(10) and RELEASE(6)/(10), SPC-2 §7.19-7.22: reservations of the whole logical unit.
 * Third-party reservations (3RDPTY, the 10-byte CDBs' byte 1 bit 4) and extents are not supported:
 * INVALID FIELD IN CDB.
 */
final class ReserveRelease implements ScsiCommandHandler {
    static final int THIRD_PARTY_BIT = 4;
    static final int LONG_ID_BIT = 1;

    private final boolean reserve;
    private final int cdbLength;

    private ReserveRelease(boolean reserve, int cdbLength) {
        this.reserve = reserve;
        this.cdbLength = cdbLength;
    }

    static ReserveRelease reserve(int cdbLength) {
        return new ReserveRelease(true, cdbLength);
    }

    static ReserveRelease release(int cdbLength) {
        return new ReserveRelease(false, cdbLength);
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (cdbLength == 10 && Cdb.bit(cdb, 1, THIRD_PARTY_BIT)) {
            return Plans.invalidFieldInCdb(1, THIRD_PARTY_BIT);
        }
        if (cdbLength == 10 && Cdb.bit(cdb, 1, LONG_ID_BIT)) {
            return Plans.invalidFieldInCdb(1, LONG_ID_BIT);
        }
        return new CommandPlan.Control(reserve ? new ControlRequest.Reserve() : new ControlRequest.Release(), 0);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(cdbLength);
    }
}
