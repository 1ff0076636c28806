package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * SANITIZE (SBC-3 §5.30): the CDB checks libiscsi's Sanitize.* tests make (InvalidServiceAction,
 * *Reserved, the PARAMETER LIST LENGTH rules of Overwrite/BlockErase/CryptoErase/ExitFailureMode), the
 * OVERWRITE parameter list, and what REPORT SUPPORTED OPERATION CODES says about it.
 */
class SanitizeTest {

    static final int OVERWRITE = 0x01;
    static final int BLOCK_ERASE = 0x02;
    static final int CRYPTO_ERASE = 0x03;
    static final int EXIT_FAILURE_MODE = 0x1F;

    /** SANITIZE as libiscsi's scsi_cdb_sanitize marshals it: IMMED bit 7, AUSE bit 5, SA, length 7..8. */
    static CommandRequest sanitize(boolean immed, boolean ause, int serviceAction, int parameterLength) {
        byte[] cdb = Cdbs.cdb(0x48, (immed ? 0x80 : 0) | (ause ? 0x20 : 0) | serviceAction);
        Cdbs.putBe(cdb, 7, 2, parameterLength);
        return Cdbs.request(cdb);
    }

    static ControlRequest.Sanitize expectControl(CommandPlan plan, int parameterLength) {
        CommandPlan.Control control = assertInstanceOf(CommandPlan.Control.class, plan);
        assertEquals(parameterLength, control.parameterLength());
        return assertInstanceOf(ControlRequest.Sanitize.class, control.request());
    }

    @Test
    void everyServiceActionButTheFourIsInvalidFieldInCdb() {
        for (int action = 0; action <= 0x1F; action++) {
            if (action == OVERWRITE || action == BLOCK_ERASE || action == CRYPTO_ERASE || action == EXIT_FAILURE_MODE) {
                continue;
            }
            expectInvalidFieldInCdb(dispatch(sanitize(false, false, action, 0)), 1, 4);
        }
    }

    @Test
    void erasesAndExitFailureModeGoToTheControlActor() {
        assertEquals(new ControlRequest.Sanitize(BLOCK_ERASE, false, false),
                expectControl(dispatch(sanitize(false, false, BLOCK_ERASE, 0)), 0));
        assertEquals(new ControlRequest.Sanitize(CRYPTO_ERASE, true, true),
                expectControl(dispatch(sanitize(true, true, CRYPTO_ERASE, 0)), 0));
        assertEquals(new ControlRequest.Sanitize(EXIT_FAILURE_MODE, false, false),
                expectControl(dispatch(sanitize(false, false, EXIT_FAILURE_MODE, 0)), 0));
    }

    @Test
    void parameterListLengthMustBeZeroExceptForOverwrite() {
        for (int action : new int[] {BLOCK_ERASE, CRYPTO_ERASE, EXIT_FAILURE_MODE}) {
            expectInvalidFieldInCdb(dispatch(sanitize(false, false, action, 8)), 7, -1);
            expectInvalidFieldInCdb(dispatch(sanitize(false, false, action, 1)), 7, -1);
        }
    }

    @Test
    void overwriteTakesFiveToBlockLengthPlusFourBytes() {
        for (int length = 0; length <= 4; length++) {
            expectInvalidFieldInCdb(dispatch(sanitize(false, false, OVERWRITE, length)), 7, -1);
        }
        expectControl(dispatch(sanitize(false, false, OVERWRITE, 5)), 5);
        assertEquals(new ControlRequest.Sanitize(OVERWRITE, true, false),
                expectControl(dispatch(sanitize(true, false, OVERWRITE, 512 + 4)), 516));
        expectInvalidFieldInCdb(dispatch(sanitize(false, false, OVERWRITE, 512 + 5)), 7, -1);
        LogicalUnitInfo big = Units.of(new Geometry(4096, 1024), false);
        expectControl(dispatch(big, sanitize(false, false, OVERWRITE, 4096 + 4)), 4100);
    }

    @Test
    void reservedBitAndBytesAreInvalidFieldInCdb() {
        for (int action : new int[] {OVERWRITE, BLOCK_ERASE, CRYPTO_ERASE}) {
            int length = action == OVERWRITE ? 516 : 0;
            CommandRequest bit = sanitize(false, false, action, length);
            bit.cdb()[1] |= 0x40;
            expectInvalidFieldInCdb(dispatch(bit), 1, 6);
            for (int b = 2; b <= 6; b++) {
                CommandRequest request = sanitize(false, false, action, length);
                request.cdb()[b] = (byte) b;
                expectInvalidFieldInCdb(dispatch(request), b, -1);
            }
        }
    }

    @Test
    void reportSupportedOperationCodesListsEachServiceActionWithItsUsage() {
        for (int action : new int[] {OVERWRITE, BLOCK_ERASE, CRYPTO_ERASE, EXIT_FAILURE_MODE}) {
            byte[] one = expectData(dispatch(ReportSupportedOperationCodesTest.rsoc(false, 2, 0x48, action, 64)));
            // SUPPORT 011b, CDB SIZE 10, usage: opcode, IMMED|AUSE|SA, reserved 2..6, length 7..8, CONTROL clear
            assertArrayEquals(bytes(0, 0x03, 0, 10, 0x48, 0xA0 | action, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0), one);
        }
        byte[] none = expectData(dispatch(ReportSupportedOperationCodesTest.rsoc(false, 2, 0x48, 0x04, 64)));
        assertEquals(0x01, none[1], "SUPPORT 001b: not supported");
    }

    // ---- the OVERWRITE parameter list --------------------------------------------------------------

    static byte[] list(int flags, int patternLength, int... pattern) {
        byte[] list = new byte[4 + pattern.length];
        list[0] = (byte) flags;
        list[2] = (byte) (patternLength >>> 8);
        list[3] = (byte) patternLength;
        for (int i = 0; i < pattern.length; i++) {
            list[4 + i] = (byte) pattern[i];
        }
        return list;
    }

    static void expectRefused(SanitizeParameters.Decoded decoded, int byteOffset, int bit) {
        assertNull(decoded.overwrite());
        assertEquals(SenseData.invalidFieldInParameterList(byteOffset, bit), decoded.refusal());
        assertEquals(SenseCode.INVALID_FIELD_IN_PARAMETER_LIST, decoded.refusal().code());
    }

    @Test
    void overwriteListIsDecoded() {
        SanitizeParameters.Decoded decoded = SanitizeParameters.decode(list(0x83, 2, 0x12, 0x34), 512);
        assertNull(decoded.refusal());
        assertEquals(new SanitizeParameters.Overwrite(3, true, bytes(0x12, 0x34)), decoded.overwrite());
    }

    @Test
    void badOverwriteListsAreInvalidFieldInParameterList() {
        expectRefused(SanitizeParameters.decode(list(0x00, 2, 0xAA, 0xAA), 512), 0, 4);  // OVERWRITE COUNT 0
        expectRefused(SanitizeParameters.decode(list(0x21, 2, 0xAA, 0xAA), 512), 0, 6);  // TEST 01b
        expectRefused(SanitizeParameters.decode(list(0x01, 0, 0xAA, 0xAA), 512), 2, -1); // pattern length 0
        byte[] long_ = new byte[4 + 516];
        long_[0] = 1;
        long_[2] = (byte) (516 >>> 8);
        long_[3] = (byte) 516;
        expectRefused(SanitizeParameters.decode(long_, 512), 2, -1);                      // longer than a block
        expectRefused(SanitizeParameters.decode(list(0x01, 3, 0xAA, 0xAA), 512), 2, -1); // longer than the list
        byte[] reserved = list(0x01, 1, 0xAA);
        reserved[1] = 1;
        expectRefused(SanitizeParameters.decode(reserved, 512), 1, -1);
    }

    @Test
    void patternFillsEachBlockFromItsFirstByte() {
        SanitizeParameters.Overwrite three = new SanitizeParameters.Overwrite(1, false, bytes(1, 2, 3));
        byte[] block = three.block(8, 0);
        assertArrayEquals(bytes(1, 2, 3, 1, 2, 3, 1, 2), block);
    }

    @Test
    void invertAlternatesAndTheLastPassIsThePattern() {
        SanitizeParameters.Overwrite even = new SanitizeParameters.Overwrite(2, true, bytes(0x0F));
        assertArrayEquals(bytes(0xF0, 0xF0), even.block(2, 0));
        assertArrayEquals(bytes(0x0F, 0x0F), even.block(2, 1));
        SanitizeParameters.Overwrite odd = new SanitizeParameters.Overwrite(3, true, bytes(0x0F));
        assertArrayEquals(bytes(0x0F), odd.block(1, 0));
        assertArrayEquals(bytes(0xF0), odd.block(1, 1));
        assertArrayEquals(bytes(0x0F), odd.block(1, 2));
        SanitizeParameters.Overwrite plain = new SanitizeParameters.Overwrite(2, false, bytes(0x0F));
        assertArrayEquals(bytes(0x0F), plain.block(1, 0));
        assertEquals(Arrays.toString(bytes(0x0F)), Arrays.toString(plain.block(1, 1)));
    }
}
