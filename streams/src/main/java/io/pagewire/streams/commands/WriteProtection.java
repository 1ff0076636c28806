package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;

/**
 * Write protection of a read-only logical unit (SBC-3 §4.10): every command that would change the
 * medium completes with CHECK CONDITION, DATA PROTECT / WRITE PROTECTED (27h/00h). Decided by
 * opcode, so a command added to the table later is covered as soon as its opcode is listed here.
 * It comes after the handler's own CDB checks: a CDB that is wrong on any unit (an LBA past the end,
 * a WRPROTECT field without protection information, a length over the limits) gets that ILLEGAL
 * REQUEST (libiscsi's Write10.BeyondEol and WriteProtect ask for it on a write-protected unit too);
 * a CDB that could run gets WRITE PROTECTED instead of running. Asking a fully provisioned unit to
 * deallocate (UNMAP, WRITE SAME with UNMAP) is not a wrong CDB but a missing feature, and on a
 * write-protected unit nothing can be deallocated either way: WRITE PROTECTED (libiscsi's ReadOnly
 * expects it for both, on any unit). The answer goes out before any
 * Data-Out is solicited (a parameter list is not read either); the session absorbs unsolicited data
 * of a failed command. SYNCHRONIZE CACHE changes nothing and is allowed.
 */
final class WriteProtection {

    static final CommandPlan WRITE_PROTECTED = Plans.check(SenseCode.WRITE_PROTECTED);

    // Medium-modifying opcodes not (yet) named in ScsiOpcode, SBC-3 annex / SBC-4 table 9.
    private static final int WRITE_LONG_10 = 0x3F;
    private static final int SANITIZE = 0x48;
    /** SERVICE ACTION OUT(16): only WRITE LONG(16) lives there in SBC-3. */
    private static final int SERVICE_ACTION_OUT_16 = 0x9F;

    private static final boolean[] MODIFIES = new boolean[256];

    static {
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.FORMAT_UNIT, ScsiOpcode.WRITE_6, ScsiOpcode.WRITE_10,
                ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_16, ScsiOpcode.WRITE_AND_VERIFY_10,
                ScsiOpcode.WRITE_AND_VERIFY_12, ScsiOpcode.WRITE_AND_VERIFY_16, ScsiOpcode.WRITE_SAME_10,
                ScsiOpcode.WRITE_SAME_16, ScsiOpcode.UNMAP, ScsiOpcode.COMPARE_AND_WRITE, ScsiOpcode.ORWRITE_16,
                ScsiOpcode.WRITE_ATOMIC_16}) {
            MODIFIES[op.code()] = true;
        }
        for (int code : new int[] {WRITE_LONG_10, SANITIZE, SERVICE_ACTION_OUT_16}) {
            MODIFIES[code] = true;
        }
    }

    private WriteProtection() {
    }

    /** Whether a command with this OPERATION CODE changes the medium. */
    static boolean modifiesMedium(int opcode) {
        return MODIFIES[opcode & 0xFF];
    }

    /**
     * {@code plan} itself, unless it would change the medium of a read-only unit: then WRITE PROTECTED.
     * A plan that already refuses the command stays as it is.
     */
    static CommandPlan check(LogicalUnitInfo lu, int opcode, CommandPlan plan) {
        boolean refused = plan instanceof CommandPlan.CheckCondition
                && plan != WriteSame.UNMAP_UNSUPPORTED
                && !(opcode == ScsiOpcode.UNMAP.code() && plan == Plans.INVALID_COMMAND_OPERATION_CODE);
        return lu.readOnly() && modifiesMedium(opcode) && !refused ? WRITE_PROTECTED : plan;
    }
}
