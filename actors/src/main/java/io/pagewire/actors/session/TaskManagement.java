package io.pagewire.actors.session;

import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.scsi.LunAddress;
import io.pagewire.protocol.scsi.SenseCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Task Management Function requests (RFC 7143 §11.5, §11.6). An aborted task gets no response
 * of its own; its pages come back as its I/O finishes. The response (FUNCTION COMPLETE) goes out
 * only once the device calls of every task the function aborted have returned: SAM-5 §7.1 has a
 * function complete when the affected tasks are gone, and an initiator that rewrites the blocks of
 * an aborted WRITE right after the response must not have them overwritten by the stale one. ABORT
 * TASK and ABORT TASK SET act on this session's tasks (its I_T nexus); CLEAR TASK SET, LOGICAL UNIT
 * RESET and the target resets also on those of every other session of the target, which report
 * back once their device I/O has returned ({@link SessionActor.ResetAbort}). Unit attentions after
 * resets: the LU control actors owe every nexus, the issuer's too, a unit attention (SAM-5 §6.3).
 */
final class TaskManagement {
    static final int ABORT_TASK = 1;
    static final int ABORT_TASK_SET = 2;
    static final int CLEAR_ACA = 3;
    static final int CLEAR_TASK_SET = 4;
    static final int LOGICAL_UNIT_RESET = 5;
    static final int TARGET_WARM_RESET = 6;
    static final int TARGET_COLD_RESET = 7;

    /** {@link FullFeaturePhase#respondWhenQuiet}: other sessions are not involved. */
    static final int NO_PEERS = -2;
    /** {@link FullFeaturePhase#respondWhenQuiet}: other sessions abort their tasks of every LU. */
    static final int ALL_LUNS = -1;

    static final int FUNCTION_COMPLETE = 0;
    static final int TASK_DOES_NOT_EXIST = 1;
    static final int LUN_DOES_NOT_EXIST = 2;
    static final int FUNCTION_NOT_SUPPORTED = 5;

    private final FullFeaturePhase session;
    private final Map<Integer, Task> tasks;
    private final List<Task> aborted = new ArrayList<>();

    TaskManagement(FullFeaturePhase session, Map<Integer, Task> tasks) {
        this.session = session;
        this.tasks = tasks;
    }

    void execute(TaskManagementRequest request, TargetRuntime target) {
        int response = switch (request.function()) {
            case ABORT_TASK -> abortTask(request, target);
            case ABORT_TASK_SET, CLEAR_TASK_SET, LOGICAL_UNIT_RESET -> abortLun(request, target);
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> abortEverything();
            default -> FUNCTION_NOT_SUPPORTED;
        };
        // LU reset and CLEAR TASK SET (the task set is shared, TST 000b) reach every I_T nexus of the
        // LU, a target reset every LU (SAM-5 §7); ABORT TASK and ABORT TASK SET only this one.
        int peerLun = switch (request.function()) {
            case CLEAR_TASK_SET, LOGICAL_UNIT_RESET -> LunAddress.decode(request.lun());
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> ALL_LUNS;
            default -> NO_PEERS;
        };
        boolean complete = response == FUNCTION_COMPLETE;
        session.respondWhenQuiet(request.itt(), response, aborted, complete ? peerLun : NO_PEERS,
                complete ? resetUnits(request, target) : List.of(), attentionAfter(request.function()));
    }

    /** The logical units a reset function resets (SAM-5 §6.3); none for the other functions. */
    private static List<LogicalUnit> resetUnits(TaskManagementRequest request, TargetRuntime target) {
        return switch (request.function()) {
            case LOGICAL_UNIT_RESET -> List.of(target.lun(request.lun()));
            case TARGET_WARM_RESET, TARGET_COLD_RESET -> target == null ? List.of() : List.copyOf(target.luns().values());
            default -> List.of();
        };
    }

    /** SAM-5 §6.3.3: BUS DEVICE RESET FUNCTION OCCURRED after a LU reset; a target reset is a power on/reset. */
    private static SenseCode attentionAfter(int function) {
        return function == LOGICAL_UNIT_RESET ? SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED : SenseCode.POWER_ON_RESET;
    }

    private void abort(Task task) {
        session.abortTask(task);
        aborted.add(task);
    }

    private int abortTask(TaskManagementRequest request, TargetRuntime target) {
        if (target == null || target.lun(request.lun()) == null) {
            return LUN_DOES_NOT_EXIST;
        }
        Task task = tasks.get(request.referencedTaskTag());
        if (task == null) {
            // Already answered or never received: either way nothing is left to abort (§11.5.1).
            return TASK_DOES_NOT_EXIST;
        }
        abort(task);
        return FUNCTION_COMPLETE;
    }

    private int abortLun(TaskManagementRequest request, TargetRuntime target) {
        if (target == null || target.lun(request.lun()) == null) {
            return LUN_DOES_NOT_EXIST;
        }
        int lun = LunAddress.decode(request.lun());
        for (Task task : List.copyOf(tasks.values())) {
            if (task instanceof LunTask t && LunAddress.decode(t.lun()) == lun) {
                abort(task);
            }
        }
        return FUNCTION_COMPLETE;
    }

    private int abortEverything() {
        for (Task task : List.copyOf(tasks.values())) {
            abort(task);
        }
        return FUNCTION_COMPLETE;
    }

    /** A task addressed to one logical unit. */
    interface LunTask {
        long lun();
    }
}
