package io.pagewire.streams.commands;

/**
 * The Caching mode page's WCE applied to a plan (SBC-3 §6.4.5): with WCE = 0 the device server may
 * not complete a write from its cache, so every command that writes the medium behaves as if its FUA
 * bit were set — WRITE, WRITE SAME (whose CDB has no FUA bit), COMPARE AND WRITE, ORWRITE, WRITE
 * ATOMIC, WRITE AND VERIFY. The one place that decides it: the session applies it to every plan of the
 * command table with the unit's current mode parameters (which MODE SELECT may change), and EXTENDED
 * COPY asks {@link #durable} per destination unit. With WCE = 1 every plan stays as the CDB asked.
 */
public final class WriteCache {

    private WriteCache() {
    }

    /** {@code plan}, forced to the medium when it writes and {@code writeCacheEnabled} is false. */
    public static CommandPlan apply(CommandPlan plan, boolean writeCacheEnabled) {
        if (writeCacheEnabled) {
            return plan;
        }
        if (plan instanceof CommandPlan.WriteBlocks w && !w.fua()) {
            return new CommandPlan.WriteBlocks(w.lba(), w.blocks(), true);
        }
        if (plan instanceof CommandPlan.WriteSame w && !w.fua()) {
            return new CommandPlan.WriteSame(w.lba(), w.blocks(), w.unmap(), w.ndob(), true);
        }
        if (plan instanceof CommandPlan.DataOutOperation op && !op.fua() && op.operation().writesMedium()) {
            return new CommandPlan.DataOutOperation(op.operation(), op.lba(), op.blocks(), op.dataOutBlocks(), true);
        }
        return plan;
    }

    /** Whether a write the CDB asks with {@code fua} must reach the medium before completing. */
    public static boolean durable(boolean fua, boolean writeCacheEnabled) {
        return fua || !writeCacheEnabled;
    }

}
