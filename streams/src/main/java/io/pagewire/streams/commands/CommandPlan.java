package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;
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
     * WRITE SAME: one block written to {@code blocks} blocks from {@code lba}. The block comes as
     * Data-Out, or is zeros without any Data-Out when {@code ndob}. With {@code unmap} (thin units
     * only) the range is deallocated instead of written (it then reads as zeros, LBPRZ = 1). With
     * {@code fua} (the CDB has no FUA bit: {@link WriteCache} sets it when WCE = 0) the range is on
     * the medium before status.
     */
    record WriteSame(long lba, long blocks, boolean unmap, boolean ndob, boolean fua) implements CommandPlan {
        /** As the CDB asks: not forced to the medium. */
        public WriteSame(long lba, long blocks, boolean unmap, boolean ndob) {
            this(lba, blocks, unmap, ndob, false);
        }
    }

    /**
     * The command's parameter list comes as Data-Out ({@code length} bytes, at most 64 KiB); once it
     * is in, {@code then} decides the rest from it (UNMAP).
     */
    record ReceiveParameterList(int length, ParameterListHandler then) implements CommandPlan {
        public ReceiveParameterList {
            Objects.requireNonNull(then, "then");
        }
    }

    /** What a command does with its parameter list: a plan without further Data-Out. */
    @FunctionalInterface
    interface ParameterListHandler {
        /** {@code list} holds the bytes received (fewer than asked when the EDTL was shorter). */
        CommandPlan plan(LogicalUnitInfo lu, byte[] list);
    }

    /** Deallocate the ranges (UNMAP): afterwards they read as zeros. No data moves. */
    record Deallocate(List<BlockRange> ranges) implements CommandPlan {
        public Deallocate {
            ranges = List.copyOf(ranges);
        }
    }

    /** A run of {@code blocks} blocks from {@code lba}. */
    record BlockRange(long lba, long blocks) {
    }

    /**
     * GET LBA STATUS on a thin unit: ask the device which blocks from {@code lba} are mapped and
     * return at most {@code allocationLength} bytes of LBA status descriptors.
     */
    record LbaStatus(long lba, long allocationLength) implements CommandPlan {
    }

    /**
     * Data-Out of {@code dataOutBlocks} blocks goes to the device, which applies {@code operation} to
     * the {@code blocks} blocks from {@code lba}: compare (VERIFY, WRITE AND VERIFY with BYTCHK),
     * compare-and-write, OR, or an atomic write. A difference found by a compare ends the command with
     * MISCOMPARE. Operations that are not {@link IoRequest.Operation#divisible() divisible} need the whole
     * Data-Out in one request; COMPARE AND WRITE needs the Expected Data Transfer Length to be exactly
     * the Data-Out (SBC-3 §5.2).
     */
    record DataOutOperation(IoRequest.Operation operation, long lba, long blocks, long dataOutBlocks, boolean fua)
            implements CommandPlan {
        public DataOutOperation {
            Objects.requireNonNull(operation, "operation");
            if (blocks <= 0 || dataOutBlocks <= 0) {
                throw new IllegalArgumentException("a data-out operation moves at least one block");
            }
        }
    }

    /**
     * EXTENDED COPY (LID1): the session collects the {@code parameterListLength}-byte parameter list
     * from Data-Out, has {@link ExtendedCopyList#decode} check it against the target's logical units,
     * then copies segment by segment through leased pages. Whether a segment's writes are forced to
     * the medium depends on its destination unit's WCE ({@link WriteCache#durable}), known only once
     * the list is decoded.
     */
    record ExtendedCopy(int parameterListLength) implements CommandPlan {
    }

    /**
     * RECEIVE COPY RESULTS / COPY STATUS: the answer is the session's record of its last EXTENDED COPY
     * with {@code listId} (I_T nexus state), built by {@link ReceiveCopyResults#copyStatus}.
     */
    record CopyStatus(int listId, long allocationLength) implements CommandPlan {
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
