package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import java.util.Optional;

/**
 * INQUIRY, SPC-4 §6.4: standard data with EVPD = 0 (PAGE CODE must then be 0), a {@link VpdPage}
 * with EVPD = 1; an unknown page is INVALID FIELD IN CDB. The answer is cut to the 16-bit ALLOCATION
 * LENGTH.
 */
final class Inquiry implements ScsiCommandHandler {

    static final int FLAGS = 1;
    static final int EVPD_BIT = 0;
    /** CMDDT, obsolete since SPC-3: set, it asks for something this target does not have. */
    static final int CMDDT_BIT = 1;
    static final int PAGE_CODE = 2;
    static final int ALLOCATION_LENGTH = 3;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (Cdb.bit(cdb, FLAGS, CMDDT_BIT)) {
            return Plans.invalidFieldInCdb(FLAGS, CMDDT_BIT);
        }
        int pageCode = Cdb.uint8(cdb, PAGE_CODE);
        int allocationLength = Cdb.uint16(cdb, ALLOCATION_LENGTH);
        if (!Cdb.bit(cdb, FLAGS, EVPD_BIT)) {
            if (pageCode != 0) {
                return Plans.invalidFieldInCdb(PAGE_CODE, -1);
            }
            return Plans.respond(StandardInquiry.of(lu), allocationLength);
        }
        Optional<VpdPage> page = VpdPage.lookup(lu, pageCode);
        if (page.isEmpty()) {
            return Plans.invalidFieldInCdb(PAGE_CODE, -1);
        }
        return Plans.respond(page.get().build(lu), allocationLength);
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(6).bits(FLAGS, 1 << EVPD_BIT).bytes(PAGE_CODE, 1).bytes(ALLOCATION_LENGTH, 2);
    }
}
