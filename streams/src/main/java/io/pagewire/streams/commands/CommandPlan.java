package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.SenseData;
import java.util.Objects;

/**
 * What the session must do to complete one SCSI command, decided by the command layer from the CDB
 * alone. The session owns the transfer: it leases pages, runs the I/O through the LU's pipeline,
 * moves the data with Data-In / R2T / Data-Out, and computes residuals against the Expected Data
 * Transfer Length (RFC 7143 §11.4.5).
 */
public sealed interface CommandPlan {

    /**
     * The command completes without device I/O. {@code dataIn} is the parameter data already cut to
     * the CDB's allocation length (empty for none); status is GOOD. The session cuts it further to
     * the Expected Data Transfer Length and reports residuals.
     */
    record Respond(byte[] dataIn) implements CommandPlan {
        public static final Respond GOOD = new Respond(new byte[0]);

        public Respond {
            Objects.requireNonNull(dataIn, "dataIn");
        }
    }

    /** The command fails with CHECK CONDITION and this sense data; no data moves. */
    record CheckCondition(SenseData sense) implements CommandPlan {
        public CheckCondition {
            Objects.requireNonNull(sense, "sense");
        }
    }

    /** READ: move {@code blocks} blocks from {@code lba} to the initiator. blocks may be 0 (no transfer). */
    record ReadBlocks(long lba, long blocks, boolean fua) implements CommandPlan {
    }

    /** WRITE: take {@code blocks} blocks from the initiator to {@code lba}; with FUA, flush before status. */
    record WriteBlocks(long lba, long blocks, boolean fua) implements CommandPlan {
    }

    /** SYNCHRONIZE CACHE: flush the device, then GOOD. */
    record Flush() implements CommandPlan {
    }

    /**
     * The answer depends on the logical unit's control state: the session collects
     * {@code parameterLength} bytes of Data-Out (the CDB's PARAMETER LIST LENGTH, cut to what the
     * initiator sends) and asks the logical unit's control actor.
     */
    record Control(ControlRequest request, int parameterLength) implements CommandPlan {
        public Control {
            Objects.requireNonNull(request, "request");
            if (parameterLength < 0) {
                throw new IllegalArgumentException("parameterLength must be >= 0");
            }
        }
    }
}
