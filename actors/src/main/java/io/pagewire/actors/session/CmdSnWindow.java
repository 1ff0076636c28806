package io.pagewire.actors.session;

import io.pagewire.protocol.pdu.SerialNumber;

/**
 * The command numbering window of a session (RFC 7143 §4.2.2.1). ExpCmdSN advances as numbered
 * commands arrive; MaxCmdSN is ExpCmdSN - 1 plus the free task slots, and never moves backwards
 * once announced, because an initiator may send up to the largest MaxCmdSN it has seen. When the
 * page pool is short, {@link #hold(boolean)} keeps MaxCmdSN where it is so that new commands wait
 * at the initiator instead of failing here.
 */
final class CmdSnWindow {
    private final int size;
    private int expCmdSn;
    private int maxCmdSn;
    private boolean held;

    CmdSnWindow(int initialCmdSn, int size) {
        this.size = size;
        this.expCmdSn = initialCmdSn;
        this.maxCmdSn = initialCmdSn + size - 1;
    }

    /** Where a numbered (non-immediate) command's CmdSN falls. */
    enum Position { EXPECTED, AHEAD, OUTSIDE }

    Position classify(int cmdSn) {
        if (cmdSn == expCmdSn) {
            return Position.EXPECTED;
        }
        return SerialNumber.inWindow(cmdSn, expCmdSn, maxCmdSn) ? Position.AHEAD : Position.OUTSIDE;
    }

    /** An immediate command must carry a CmdSN inside [ExpCmdSN, MaxCmdSN + 1) without consuming it. */
    boolean acceptsImmediate(int cmdSn) {
        return SerialNumber.inWindow(cmdSn, expCmdSn, maxCmdSn) || cmdSn == expCmdSn;
    }

    void consume() {
        expCmdSn++;
    }

    /** Recomputes MaxCmdSN from the number of tasks now active; never lowers it. */
    void update(int activeTasks) {
        if (held) {
            return;
        }
        int candidate = expCmdSn - 1 + Math.max(0, size - activeTasks);
        if (SerialNumber.greaterThan(candidate, maxCmdSn)) {
            maxCmdSn = candidate;
        }
    }

    void hold(boolean hold) {
        this.held = hold;
    }

    int expCmdSn() {
        return expCmdSn;
    }

    int maxCmdSn() {
        return maxCmdSn;
    }
}
