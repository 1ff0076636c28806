package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UNMAP (SBC-3 §5.28): the CDB, then the parameter list as the session hands it over. */
class UnmapTest {

    static final long N = Units.BLOCKS;
    static final LogicalUnitInfo THIN = Units.thin();

    static CommandRequest unmap(int flags, int parameterListLength) {
        return Cdbs.request(ScsiOpcode.UNMAP.code(), flags, 0, 0, 0, 0, 0, parameterListLength >>> 8,
                parameterListLength & 0xFF, 0);
    }

    /** A parameter list as libiscsi builds it: header, then 16-byte descriptors {lba, blocks}. */
    static byte[] list(long[]... descriptors) {
        byte[] b = new byte[8 + 16 * descriptors.length];
        Cdbs.putBe(b, 0, 2, b.length - 2);
        Cdbs.putBe(b, 2, 2, 16L * descriptors.length);
        for (int i = 0; i < descriptors.length; i++) {
            Cdbs.putBe(b, 8 + 16 * i, 8, descriptors[i][0]);
            Cdbs.putBe(b, 16 + 16 * i, 4, descriptors[i][1]);
        }
        return b;
    }

    static CommandPlan parameters(byte[] list) {
        CommandPlan plan = dispatch(THIN, unmap(0, list.length));
        CommandPlan.ReceiveParameterList receive = assertInstanceOf(CommandPlan.ReceiveParameterList.class, plan);
        assertEquals(list.length, receive.length());
        return receive.then().plan(THIN, list);
    }

    static CommandPlan.Deallocate deallocate(long... lbaAndBlocks) {
        CommandPlan.BlockRange[] ranges = new CommandPlan.BlockRange[lbaAndBlocks.length / 2];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = new CommandPlan.BlockRange(lbaAndBlocks[2 * i], lbaAndBlocks[2 * i + 1]);
        }
        return new CommandPlan.Deallocate(List.of(ranges));
    }

    @Test
    void fullyProvisionedUnitHasNoUnmap() {
        expectSense(dispatch(unmap(0, 24)), SenseCode.INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void anchorIsInvalidFieldInCdb() {
        expectInvalidFieldInCdb(dispatch(THIN, unmap(0x01, 24)), 1, 0);
    }

    @Test
    void parameterListLengthZeroIsGoodWithoutData() {
        expectGood(dispatch(THIN, unmap(0, 0)));
    }

    @Test
    void parameterListShorterThanItsHeaderIsParameterListLengthError() {
        for (int length = 1; length < 8; length++) {
            SenseData sense = expectSense(dispatch(THIN, unmap(0, length)), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
            assertArrayEquals(fixed(0x05, 0x1A, 0x00, 0, 0, 0), sense.encode(false));
        }
        // fewer bytes arrived than the header needs (EDTL shorter than the list)
        expectSense(Unmap.parameterList(THIN, new byte[4]), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void descriptorsBecomeRanges() {
        assertEquals(deallocate(0, 1), parameters(list(new long[] {0, 1})));
        assertEquals(deallocate(0, 256, N - 1, 1), parameters(list(new long[] {0, 256}, new long[] {N - 1, 1})));
    }

    @Test
    void noDescriptorOrZeroBlocksIsGood() {
        expectGood(parameters(list()));
        expectGood(parameters(list(new long[] {0, 0})));
        // libiscsi ZeroBlocks: 0 blocks at the LBA one past the end is not an error
        expectGood(parameters(list(new long[] {N, 0})));
        assertEquals(deallocate(5, 1), parameters(list(new long[] {N, 0}, new long[] {5, 1})));
    }

    @Test
    void rangeBeyondTheEndIsLbaOutOfRangeAndUnmapsNothing() {
        expectLbaOutOfRange(parameters(list(new long[] {0, 1}, new long[] {N, 1})));
        expectLbaOutOfRange(parameters(list(new long[] {N - 1, 2})));
        expectLbaOutOfRange(parameters(list(new long[] {-1L, 1})));
        expectLbaOutOfRange(parameters(list(new long[] {1L << 63, 1})));
    }

    @Test
    void tooManyDescriptorsIsInvalidFieldInParameterList() {
        long[][] descriptors = new long[257][];
        for (int i = 0; i < descriptors.length; i++) {
            descriptors[i] = new long[] {i, 1};
        }
        SenseData sense = expectSense(parameters(list(descriptors)), SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        // SKSV, C/D = 0 (parameter list), field pointer 2: UNMAP BLOCK DESCRIPTOR DATA LENGTH
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 2), sense.encode(false));
        assertInstanceOf(CommandPlan.Deallocate.class,
                parameters(list(java.util.Arrays.copyOf(descriptors, 256))));
    }

    @Test
    void moreThanMaximumUnmapLbaCountIsInvalidFieldInParameterList() {
        long max = (256L << 20) / 512; // MAXIMUM UNMAP LBA COUNT; a second, overlapping descriptor goes past it
        assertEquals(deallocate(0, max), parameters(list(new long[] {0, max})));
        SenseData sense = expectSense(parameters(list(new long[] {0, max}, new long[] {0, 1})),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 8 + 16 + 8), sense.encode(false));
    }

    @Test
    void partialDescriptorAndDescriptorsBeyondTheReceivedBytesAreLeftOut() {
        byte[] list = list(new long[] {3, 1}, new long[] {7, 1});
        Cdbs.putBe(list, 2, 2, 16 + 15); // the second descriptor is not whole
        assertEquals(deallocate(3, 1), parameters(list));
        byte[] cut = java.util.Arrays.copyOf(list(new long[] {3, 1}, new long[] {7, 1}), 8 + 16 + 4);
        assertEquals(deallocate(3, 1), Unmap.parameterList(THIN, cut));
    }

    @Test
    void readOnlyUnitIsWriteProtectedBeforeAnyData() {
        WriteProtectionTest.expectWriteProtected(dispatch(Units.readOnly(true), unmap(0, 24)));
        WriteProtectionTest.expectWriteProtected(dispatch(Units.readOnly(false), unmap(0, 24)));
    }
}
