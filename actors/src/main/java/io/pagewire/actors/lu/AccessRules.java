package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.ScsiOpcode;

/**
 * Which commands a reservation lets through, by operation code.
 *
 * <ul>
 *   <li>Unit attentions (SAM-5 §5.14): INQUIRY, REPORT LUNS and REQUEST SENSE are answered normally.</li>
 *   <li>An SPC-2 reservation of another nexus (SPC-2 §5.5.1): everything conflicts but INQUIRY, REPORT
 *       LUNS, REQUEST SENSE, RELEASE (a no-op from a non-holder), LOG SENSE, READ CAPACITY and the
 *       MAINTENANCE IN reports.</li>
 *   <li>Persistent reservations (SPC-4 §5.13.1, table 64; SBC-3 table 13): the commands that only
 *       report are always allowed; the media reads conflict under the exclusive access types, and
 *       everything else counts as a write and conflicts under every type.</li>
 * </ul>
 */
public final class AccessRules {

    enum Kind { REPORT, READ, WRITE }

    private static final boolean[] UA_EXEMPT = new boolean[256];
    private static final boolean[] SPC2_ALLOWED = new boolean[256];
    private static final Kind[] KIND = new Kind[256];

    static {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE}) {
            UA_EXEMPT[op.code()] = true;
        }
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE,
                ScsiOpcode.RELEASE_6, ScsiOpcode.RELEASE_10, ScsiOpcode.LOG_SENSE, ScsiOpcode.READ_CAPACITY_10,
                ScsiOpcode.SERVICE_ACTION_IN_16, ScsiOpcode.MAINTENANCE_IN}) {
            SPC2_ALLOWED[op.code()] = true;
        }
        java.util.Arrays.fill(KIND, Kind.WRITE);
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE,
                ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.READ_CAPACITY_10, ScsiOpcode.SERVICE_ACTION_IN_16,
                ScsiOpcode.MAINTENANCE_IN, ScsiOpcode.LOG_SENSE, ScsiOpcode.PERSISTENT_RESERVE_IN,
                ScsiOpcode.PERSISTENT_RESERVE_OUT, ScsiOpcode.RESERVE_6, ScsiOpcode.RELEASE_6,
                ScsiOpcode.RESERVE_10, ScsiOpcode.RELEASE_10}) {
            // RESERVE/RELEASE under persistent reservations are decided by the control actor.
            KIND[op.code()] = Kind.REPORT;
        }
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.READ_6, ScsiOpcode.READ_10, ScsiOpcode.READ_12,
                ScsiOpcode.READ_16, ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16,
                ScsiOpcode.PRE_FETCH_10, ScsiOpcode.PRE_FETCH_16, ScsiOpcode.READ_DEFECT_DATA_10,
                ScsiOpcode.READ_DEFECT_DATA_12, ScsiOpcode.MODE_SENSE_6, ScsiOpcode.MODE_SENSE_10,
                ScsiOpcode.READ_BUFFER, ScsiOpcode.RECEIVE_COPY_RESULTS}) {
            KIND[op.code()] = Kind.READ;
        }
    }

    private static final boolean[] WRITES_MEDIUM = new boolean[256];

    static {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.WRITE_6, ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_12,
                ScsiOpcode.WRITE_16, ScsiOpcode.WRITE_AND_VERIFY_10, ScsiOpcode.WRITE_AND_VERIFY_12,
                ScsiOpcode.WRITE_AND_VERIFY_16, ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16, ScsiOpcode.UNMAP,
                ScsiOpcode.COMPARE_AND_WRITE, ScsiOpcode.ORWRITE_16, ScsiOpcode.FORMAT_UNIT}) {
            WRITES_MEDIUM[op.code()] = true;
        }
        WRITES_MEDIUM[ScsiOpcode.SANITIZE.code()] = true; // SBC-3 §5.30
        WRITES_MEDIUM[0x9C] = true; // WRITE ATOMIC(16) (SBC-4 §5.48)
    }

    private AccessRules() {
    }

    private static final boolean[] WITHOUT_MEDIUM = new boolean[256];

    static {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE,
                ScsiOpcode.START_STOP_UNIT, ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL, ScsiOpcode.MODE_SENSE_6,
                ScsiOpcode.MODE_SENSE_10, ScsiOpcode.MODE_SELECT_6, ScsiOpcode.MODE_SELECT_10,
                ScsiOpcode.PERSISTENT_RESERVE_IN, ScsiOpcode.PERSISTENT_RESERVE_OUT, ScsiOpcode.RESERVE_6,
                ScsiOpcode.RELEASE_6, ScsiOpcode.RESERVE_10, ScsiOpcode.RELEASE_10, ScsiOpcode.MAINTENANCE_IN,
                ScsiOpcode.LOG_SENSE}) {
            WITHOUT_MEDIUM[op.code()] = true;
        }
    }

    /**
     * Whether {@code opcode} needs the medium: while a removable medium is ejected it gets NOT READY,
     * MEDIUM NOT PRESENT; the commands about the unit itself, its medium and its state still run.
     */
    public static boolean needsMedium(int opcode) {
        return !WITHOUT_MEDIUM[opcode & 0xFF];
    }

    /** Whether {@code opcode} changes the medium: refused while the Control mode page's SWP is set. */
    public static boolean writesMedium(int opcode) {
        return WRITES_MEDIUM[opcode & 0xFF];
    }

    private static final boolean[] WHILE_SANITIZING = new boolean[256];
    private static final boolean[] ACCESSES_MEDIUM = new boolean[256];

    static {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.INQUIRY, ScsiOpcode.REPORT_LUNS, ScsiOpcode.REQUEST_SENSE}) {
            WHILE_SANITIZING[op.code()] = true;
        }
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.READ_6, ScsiOpcode.READ_10, ScsiOpcode.READ_12,
                ScsiOpcode.READ_16, ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16,
                ScsiOpcode.PRE_FETCH_10, ScsiOpcode.PRE_FETCH_16, ScsiOpcode.SYNCHRONIZE_CACHE_10,
                ScsiOpcode.SYNCHRONIZE_CACHE_16, ScsiOpcode.EXTENDED_COPY}) {
            ACCESSES_MEDIUM[op.code()] = true;
        }
    }

    /** SBC-3 §4.11: while a sanitize runs only INQUIRY, REPORT LUNS and REQUEST SENSE are processed. */
    public static boolean allowedWhileSanitizing(int opcode) {
        return WHILE_SANITIZING[opcode & 0xFF];
    }

    /**
     * After a failed sanitize the medium cannot be trusted: the commands that read or write it are
     * refused, SANITIZE itself excepted (another sanitize, or EXIT FAILURE MODE). The rest — TEST UNIT
     * READY among them — run, so that an initiator can still log in (libiscsi's connect stops at any
     * TEST UNIT READY failure but a unit attention, no medium or a sanitize in progress) and end
     * failure mode.
     */
    public static boolean allowedInSanitizeFailureMode(int opcode) {
        int op = opcode & 0xFF;
        return op == ScsiOpcode.SANITIZE.code() || !(ACCESSES_MEDIUM[op] || WRITES_MEDIUM[op]);
    }

    /** Whether a pending unit attention is reported instead of running this command. */
    public static boolean blockedByUnitAttention(int opcode) {
        return !UA_EXEMPT[opcode & 0xFF];
    }

    /** Whether {@code opcode} from the nexus of {@code view} gets RESERVATION CONFLICT. */
    public static boolean conflicts(ControlView view, int opcode) {
        int op = opcode & 0xFF;
        if (view.reservedByOther() && !SPC2_ALLOWED[op]) {
            return true;
        }
        return switch (KIND[op]) {
            case REPORT -> false;
            case READ -> view.readConflict();
            case WRITE -> view.writeConflict();
        };
    }
}
