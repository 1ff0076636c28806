package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;
import io.pagewire.protocol.scsi.Cdb;

/**
 * WRITE SAME(10) and WRITE SAME(16), SBC-3 §5.42-5.43: one block of Data-Out replicated over the
 * range. Checks, in order: WRPROTECT (no protection information), ANCHOR (no anchored state: with
 * UNMAP = 0 it is invalid anyway, with UNMAP = 1 ANC_SUP = 0 makes it so), the obsolete
 * PBDATA/LBDATA bits, UNMAP on a fully provisioned unit (LBPWS = 0), the range, MAXIMUM WRITE SAME
 * LENGTH. That the initiator sends exactly one block (none with NDOB) is the session's check, after
 * write protection (libiscsi's ReadOnly test sends WRITE SAME without data). NUMBER OF LOGICAL
 * BLOCKS = 0 means "to the last LBA" (WSNZ = 0), still bounded by MAXIMUM WRITE SAME LENGTH.
 */
final class WriteSame implements ScsiCommandHandler {

    static final int FLAGS = 1;
    static final int ANCHOR_BIT = 4;
    static final int UNMAP_BIT = 3;
    /** PBDATA (bit 2) and LBDATA (bit 1): obsolete in SBC-3, refused. */
    static final int OBSOLETE_MASK = 0x06;
    static final int PBDATA_BIT = 2;
    /** NDOB, WRITE SAME(16) only (SBC-3 r36 / SBC-4): no Data-Out, the block is zeros. */
    static final int NDOB_BIT = 0;

    /** UNMAP = 1 on a fully provisioned unit (LBPWS = 0); the field pointer is the same in both sizes. */
    static final CommandPlan UNMAP_UNSUPPORTED = Plans.invalidFieldInCdb(FLAGS, UNMAP_BIT);

    private final BlockCdbLayout layout;

    WriteSame(BlockCdbLayout layout) {
        if (layout != BlockCdbLayout.CDB10 && layout != BlockCdbLayout.CDB16) {
            throw new IllegalArgumentException("WRITE SAME is 10 or 16 bytes, not " + layout);
        }
        this.layout = layout;
    }

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        if (layout.protection(cdb) != 0) {
            return Plans.invalidFieldInCdb(FLAGS, BlockCdbLayout.PROTECTION_MSB);
        }
        if (Cdb.bit(cdb, FLAGS, ANCHOR_BIT)) {
            return Plans.invalidFieldInCdb(FLAGS, ANCHOR_BIT);
        }
        if ((cdb[FLAGS] & OBSOLETE_MASK) != 0) {
            return Plans.invalidFieldInCdb(FLAGS, PBDATA_BIT);
        }
        boolean unmap = Cdb.bit(cdb, FLAGS, UNMAP_BIT);
        if (unmap && !lu.thinProvisioned()) {
            return UNMAP_UNSUPPORTED;
        }
        boolean ndob = layout == BlockCdbLayout.CDB16 && Cdb.bit(cdb, FLAGS, NDOB_BIT);
        long lba = layout.lba(cdb);
        long blocks = layout.length(cdb);
        long count = lu.geometry().blockCount();
        if (Long.compareUnsigned(lba, count) >= 0) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (blocks == 0) {
            blocks = count - lba; // SBC-3 §5.42: with WSNZ = 0, to the last LBA
        } else if (Plans.exceedsCapacity(lu.geometry(), lba, blocks)) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (blocks > ProvisioningLimits.maxWriteSameBlocks(lu.geometry())) {
            return Plans.invalidFieldInCdb(layout.lengthOffset(), -1);
        }
        return new CommandPlan.WriteSame(lba, blocks, unmap, ndob);
    }

    @Override
    public CdbUsage cdbUsage() {
        int flags = 1 << UNMAP_BIT | (layout == BlockCdbLayout.CDB16 ? 1 << NDOB_BIT : 0);
        return CdbUsage.block(layout, flags);
    }
}
