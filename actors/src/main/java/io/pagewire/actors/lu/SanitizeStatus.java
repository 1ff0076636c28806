package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;

/**
 * What every I_T nexus sees of its logical unit's sanitize state (SBC-3 §4.11), part of each
 * {@link ControlView}: no sanitize, one in progress (with how far it is), or sanitize failure mode
 * after one failed. The state belongs to the logical unit, not to the command or the session that
 * started it: it survives task management, resets and the initiator logging out and in again.
 *
 * @param inProgress a sanitize runs
 * @param progress   how much of it is done, of 65536 (the REQUEST SENSE progress indication)
 * @param failed     the last sanitize failed and nothing has ended failure mode yet
 */
public record SanitizeStatus(boolean inProgress, int progress, boolean failed) {

    public static final SanitizeStatus IDLE = new SanitizeStatus(false, 0, false);

    public SanitizeStatus {
        if (progress < 0 || progress >= SenseData.PROGRESS_DENOMINATOR) {
            throw new IllegalArgumentException("progress is 0..65535, got " + progress);
        }
    }

    /**
     * The answer to {@code opcode} instead of running it, or null when it runs: while a sanitize is in
     * progress everything but INQUIRY, REPORT LUNS and REQUEST SENSE gets NOT READY, SANITIZE IN
     * PROGRESS (04h/1Bh) with the progress indication; in failure mode the commands that read or
     * write the medium, SANITIZE excepted, get MEDIUM ERROR, SANITIZE COMMAND FAILED (31h/03h).
     */
    public SenseData refusal(int opcode) {
        if (inProgress) {
            return AccessRules.allowedWhileSanitizing(opcode) ? null : inProgressSense();
        }
        if (failed) {
            return AccessRules.allowedInSanitizeFailureMode(opcode) ? null
                    : SenseData.of(SenseCode.SANITIZE_COMMAND_FAILED);
        }
        return null;
    }

    /** What REQUEST SENSE reports (SPC-4 §6.29: the LU's own condition), or null for nothing to report. */
    public SenseData requestSense() {
        if (inProgress) {
            return inProgressSense();
        }
        return failed ? SenseData.of(SenseCode.SANITIZE_COMMAND_FAILED) : null;
    }

    private SenseData inProgressSense() {
        return SenseData.withProgress(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS, progress);
    }
}
