package io.pagewire.streams.commands;

/**
 * A command the CDB alone cannot answer because the answer depends on, or changes, the logical
 * unit's control state (reservations, unit attentions, mode pages, medium). The command layer checks
 * the CDB and names the request; the session collects the parameter list (if any) and hands both to
 * the logical unit's control actor. Plain records: they may cross a network later (cluster sharding).
 */
public sealed interface ControlRequest {

    /** PERSISTENT RESERVE IN (SPC-4 §6.15): READ KEYS, READ RESERVATION, REPORT CAPABILITIES, READ FULL STATUS. */
    record PersistentReserveIn(int serviceAction, int allocationLength) implements ControlRequest {
        public static final int READ_KEYS = 0;
        public static final int READ_RESERVATION = 1;
        public static final int REPORT_CAPABILITIES = 2;
        public static final int READ_FULL_STATUS = 3;
    }

    /** PERSISTENT RESERVE OUT (SPC-4 §6.16); the 24-byte (or longer) parameter list follows as Data-Out. */
    record PersistentReserveOut(int serviceAction, int scope, int type) implements ControlRequest {
        public static final int REGISTER = 0;
        public static final int RESERVE = 1;
        public static final int RELEASE = 2;
        public static final int CLEAR = 3;
        public static final int PREEMPT = 4;
        public static final int PREEMPT_AND_ABORT = 5;
        public static final int REGISTER_AND_IGNORE_EXISTING_KEY = 6;
        public static final int REGISTER_AND_MOVE = 7;
    }

    /** RESERVE(6)/(10), SPC-2 §7.21/7.22: the whole logical unit, for this I_T nexus. */
    record Reserve() implements ControlRequest {
    }

    /** RELEASE(6)/(10), SPC-2 §7.19/7.20. */
    record Release() implements ControlRequest {
    }

    /** PREVENT ALLOW MEDIUM REMOVAL, SBC-3 §5.13: this I_T nexus prevents (or allows) ejecting the medium. */
    record PreventAllow(boolean prevent) implements ControlRequest {
    }

    /** START STOP UNIT with LOEJ on a removable unit, SBC-3 §5.25: load ({@code load}) or eject the medium. */
    record LoadEject(boolean load) implements ControlRequest {
    }

    /** MODE SELECT(6)/(10), SPC-4 §6.9-6.10: the parameter list follows as Data-Out; SP saves the pages. */
    record ModeSelect(boolean savePages, boolean ten) implements ControlRequest {
    }

    /**
     * SANITIZE, SBC-3 §5.30: start a sanitize of the whole medium (OVERWRITE with its parameter list,
     * BLOCK ERASE, CRYPTOGRAPHIC ERASE) or leave sanitize failure mode (EXIT FAILURE MODE). With
     * {@code immediate} the command completes once the sanitize has started; {@code ause} allows a
     * failed sanitize to be left with EXIT FAILURE MODE.
     */
    record Sanitize(int serviceAction, boolean immediate, boolean ause) implements ControlRequest {
        public static final int OVERWRITE = 0x01;
        public static final int BLOCK_ERASE = 0x02;
        public static final int CRYPTOGRAPHIC_ERASE = 0x03;
        public static final int EXIT_FAILURE_MODE = 0x1F;
    }
}
