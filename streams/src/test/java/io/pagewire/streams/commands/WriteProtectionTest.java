package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import org.junit.jupiter.api.Test;

/** A read-only unit (SBC-3 §4.10): WP in MODE SENSE, DATA PROTECT for every medium-modifying command. */
class WriteProtectionTest {

    static final LogicalUnitInfo RO = Units.readOnly(false);

    /** CHECK CONDITION, DATA PROTECT / WRITE PROTECTED: fixed sense 70h, key 7, 27h/00h. */
    static void expectWriteProtected(CommandPlan plan) {
        SenseData sense = expectSense(plan, SenseCode.WRITE_PROTECTED);
        assertArrayEquals(fixed(0x07, 0x27, 0x00, 0, 0, 0), sense.encode(false));
        assertArrayEquals(new byte[] {0x72, 0x07, 0x27, 0x00, 0, 0, 0, 0}, sense.encode(true));
    }

    @Test
    void writesOfEverySizeAreWriteProtected() {
        expectWriteProtected(dispatch(RO, Cdbs.write6(0, 1)));
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_AND_VERIFY_10,
                ScsiOpcode.WRITE_SAME_10}) {
            expectWriteProtected(dispatch(RO, Cdbs.block10(op, 0, 1, 0)));
        }
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_AND_VERIFY_12}) {
            expectWriteProtected(dispatch(RO, Cdbs.block12(op, 0, 1, 0)));
        }
        for (ScsiOpcode op : new ScsiOpcode[] {ScsiOpcode.WRITE_16, ScsiOpcode.WRITE_AND_VERIFY_16,
                ScsiOpcode.WRITE_SAME_16}) {
            expectWriteProtected(dispatch(RO, Cdbs.block16(op, 0, 1, 0)));
        }
    }

    @Test
    void aWrongCdbGetsItsOwnErrorFirst() {
        // libiscsi Write10.BeyondEol and Write10.WriteProtect run on write-protected units too
        expectSense(dispatch(RO, Cdbs.block10(ScsiOpcode.WRITE_10, Units.BLOCKS, 1, 0)), SenseCode.LBA_OUT_OF_RANGE);
        expectSense(dispatch(RO, Cdbs.block16(ScsiOpcode.WRITE_SAME_16, Units.BLOCKS - 1, 2, 0)),
                SenseCode.LBA_OUT_OF_RANGE);
        SenseData wrprotect = expectSense(dispatch(RO, Cdbs.block12(ScsiOpcode.WRITE_12, 0, 1, 0x20)),
                SenseCode.INVALID_FIELD_IN_CDB);
        // SKSV, C/D = CDB, BPV, bit 7 of byte 1 (the WRPROTECT field)
        assertArrayEquals(fixed(0x05, 0x24, 0x00, 0xCF, 0, 1), wrprotect.encode(false));
    }

    @Test
    void deallocationOnAFullyProvisionedReadOnlyUnitIsWriteProtected() {
        // libiscsi ReadOnly: WRITE SAME with UNMAP and UNMAP itself, whatever the provisioning
        expectWriteProtected(dispatch(RO, Cdbs.block10(ScsiOpcode.WRITE_SAME_10, 0, 1, 0x08)));
        expectWriteProtected(dispatch(RO, Cdbs.block16(ScsiOpcode.WRITE_SAME_16, 0, 1, 0x08)));
        expectWriteProtected(dispatch(RO, Cdbs.request(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0)));
        expectWriteProtected(dispatch(Units.readOnly(true), Cdbs.request(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0)));
        // an empty UNMAP would be GOOD on a writable unit: still nothing may change
        expectWriteProtected(dispatch(Units.readOnly(true), Cdbs.request(0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        // on a writable fully provisioned unit the missing feature is what the initiator hears
        expectSense(dispatch(Cdbs.block10(ScsiOpcode.WRITE_SAME_10, 0, 1, 0x08)), SenseCode.INVALID_FIELD_IN_CDB);
        expectSense(dispatch(Cdbs.request(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0)),
                SenseCode.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void readsAndCacheCommandsStillWork() {
        assertEquals(new CommandPlan.ReadBlocks(0, 1, false), dispatch(RO, Cdbs.block10(ScsiOpcode.READ_10, 0, 1, 0)));
        assertInstanceOf(CommandPlan.Flush.class,
                dispatch(RO, Cdbs.block10(ScsiOpcode.SYNCHRONIZE_CACHE_10, 0, 0, 0)));
        expectData(dispatch(RO, Cdbs.block10(ScsiOpcode.VERIFY_10, 0, 1, 0)));
    }

    @Test
    void aValidSanitizeIsWriteProtectedAnInvalidOneIsRefusedForItsCdb() {
        // OVERWRITE with a parameter list; BLOCK ERASE, CRYPTOGRAPHIC ERASE, EXIT FAILURE MODE without one
        expectWriteProtected(dispatch(RO, Cdbs.request(0x48, 0x01, 0, 0, 0, 0, 0, 0, 8, 0)));
        for (int action : new int[] {0x02, 0x03, 0x1F}) {
            expectWriteProtected(dispatch(RO, Cdbs.request(0x48, action, 0, 0, 0, 0, 0, 0, 0, 0)));
        }
        // libiscsi's Sanitize.InvalidServiceAction: the CDB is wrong whatever the medium
        expectSense(dispatch(RO, Cdbs.request(0x48, 0x05, 0, 0, 0, 0, 0, 0, 0, 0)), SenseCode.INVALID_FIELD_IN_CDB);
    }

    @Test
    void unsupportedOpcodesStayUnsupported() {
        expectSense(dispatch(RO, Cdbs.request(0x3F)), SenseCode.INVALID_COMMAND_OPERATION_CODE); // WRITE LONG(10)
    }

    @Test
    void modeSenseReportsWp() {
        // MODE SENSE(6), DBD, caching page: DEVICE-SPECIFIC PARAMETER = WP | DPOFUA
        byte[] six = expectData(dispatch(RO, Cdbs.modeSense6(true, 0, 0x08, 0, 255)));
        assertEquals((byte) 0x90, six[2]);
        byte[] ten = expectData(dispatch(RO, Cdbs.modeSense10(false, true, 0, 0x08, 0, 255)));
        assertEquals((byte) 0x90, ten[3]);
        byte[] writable = expectData(dispatch(Cdbs.modeSense6(true, 0, 0x08, 0, 255)));
        assertEquals(0x10, writable[2]);
    }

    @Test
    void mediumModifyingOpcodes() {
        for (int opcode = 0; opcode < 256; opcode++) {
            boolean listed = opcode == 0x04 || opcode == 0x0A || opcode == 0x2A || opcode == 0x2E
                    || opcode == 0x3F || opcode == 0x41 || opcode == 0x42 || opcode == 0x48 || opcode == 0x89
                    || opcode == 0x8A || opcode == 0x8B || opcode == 0x8E || opcode == 0x93 || opcode == 0x9C
                    || opcode == 0x9F || opcode == 0xAA || opcode == 0xAE;
            assertEquals(listed, WriteProtection.modifiesMedium(opcode), Integer.toHexString(opcode));
        }
    }
}
