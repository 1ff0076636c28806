package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static io.pagewire.streams.commands.Outcomes.fixed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.spi.Geometry;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EXTENDED COPY (LID1): the CDB, and the parameter list as {@link ExtendedCopyList} decodes it —
 * libiscsi's ExtendedCopy suite (ParamHdr, DescrLimits, DescrType, ValidTgtDescr, ValidSegDescr)
 * plus the sense bytes of every refusal.
 */
class ExtendedCopyTest {

    static final long NAA_0 = Units.NAA;
    static final long NAA_1 = 0x6001_4050_0000_0002L;
    static final long BLOCKS = Units.BLOCKS;
    static final LogicalUnitInfo LUN_0 = Units.standard();
    static final LogicalUnitInfo LUN_1 = new LogicalUnitInfo(1, new Geometry(512, 1000), "PAGEWIRE",
            "Pagewire disk", "0.1", "PW0002", NAA_1, Units.TARGET, 1, List.of(0, 1), false);
    static final List<LogicalUnitInfo> UNITS = List.of(LUN_0, LUN_1);

    static CommandRequest extendedCopy(long parameterListLength) {
        byte[] cdb = Cdbs.cdb(ScsiOpcode.EXTENDED_COPY.code(), 0x00);
        Cdbs.putBe(cdb, 10, 4, parameterListLength);
        return new CommandRequest(cdb, parameterListLength, false, true);
    }

    /** The 16-byte header (SPC-4 table 105), as libiscsi's populate_param_header writes it. */
    static byte[] header(int listId, int usage, int targetsLength, long segmentsLength, long inlineLength) {
        byte[] h = new byte[16];
        h[0] = (byte) listId;
        h[1] = (byte) (usage << 3);
        Cdbs.putBe(h, 2, 2, targetsLength);
        Cdbs.putBe(h, 8, 4, segmentsLength);
        Cdbs.putBe(h, 12, 4, inlineLength);
        return h;
    }

    /** Identification descriptor E4h with an NAA designator, 512-byte blocks. */
    static byte[] target(int type, long naa) {
        byte[] d = new byte[32];
        d[0] = (byte) type;
        d[4] = 0x01;        // code set binary
        d[5] = 0x03;        // association LU, type NAA
        d[7] = 8;
        Cdbs.putBe(d, 8, 8, naa);
        Cdbs.putBe(d, 29, 3, 512);
        return d;
    }

    static byte[] blockToBlock(int source, int destination, int blocks, long sourceLba, long destinationLba) {
        byte[] d = new byte[28];
        d[0] = 0x02;
        Cdbs.putBe(d, 2, 2, 0x18);
        Cdbs.putBe(d, 4, 2, source);
        Cdbs.putBe(d, 6, 2, destination);
        Cdbs.putBe(d, 10, 2, blocks);
        Cdbs.putBe(d, 12, 8, sourceLba);
        Cdbs.putBe(d, 20, 8, destinationLba);
        return d;
    }

    static byte[] list(int listId, int usage, List<byte[]> targets, List<byte[]> segments) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        targets.forEach(t::writeBytes);
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        segments.forEach(s::writeBytes);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(header(listId, usage, t.size(), s.size(), 0));
        all.writeBytes(t.toByteArray());
        all.writeBytes(s.toByteArray());
        return all.toByteArray();
    }

    static byte[] simple() {
        return list(1, 0, List.of(target(0xE4, NAA_0)), List.of(blockToBlock(0, 0, 2048, 0, BLOCKS - 2048)));
    }

    static SenseData refused(byte[] list, SenseCode code) {
        ExtendedCopyList.Decision decision = ExtendedCopyList.decode(list, UNITS);
        SenseData sense = assertInstanceOf(ExtendedCopyList.Refused.class, decision).sense();
        assertEquals(code, sense.code());
        return sense;
    }

    // ---- CDB ------------------------------------------------------------------------------------

    @Test
    void zeroParameterListLengthIsGoodWithoutData() {
        expectGood(dispatch(extendedCopy(0)));
    }

    @Test
    void parameterListLengthAsksTheSessionForTheList() {
        CommandPlan plan = dispatch(extendedCopy(76));
        assertEquals(76, assertInstanceOf(CommandPlan.ExtendedCopy.class, plan).parameterListLength());
    }

    @Test
    void listLongerThanTheMaximumIsRefusedBeforeDataOut() {
        SenseData sense = expectSense(dispatch(extendedCopy(ExtendedCopyList.MAX_PARAMETER_LIST_LENGTH + 1)),
                SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        assertArrayEquals(fixed(0x05, 0x1A, 0x00, 0, 0, 0), sense.encode(false));
    }

    @Test
    void otherServiceActionsAreInvalidField() {
        // LID4 (01h) and the ROD token service actions are not supported
        for (int action : new int[] {0x01, 0x10, 0x11, 0x1C}) {
            byte[] cdb = Cdbs.cdb(ScsiOpcode.EXTENDED_COPY.code(), action);
            Outcomes.expectInvalidFieldInCdb(dispatch(Cdbs.request(cdb)), 1, 4);
        }
    }

    // ---- parameter list: the good path ----------------------------------------------------------

    @Test
    void simpleCopyWithinOneUnit() {
        ExtendedCopyList.Copy copy = assertInstanceOf(ExtendedCopyList.Copy.class,
                ExtendedCopyList.decode(simple(), UNITS));
        assertEquals(1, copy.listId());
        assertEquals(true, copy.holdStatus());
        assertEquals(List.of(new ExtendedCopyList.Segment(LUN_0, 0, LUN_0, BLOCKS - 2048, 2048)), copy.segments());
    }

    @Test
    void copyAcrossUnitsFindsEachByItsNaa() {
        byte[] list = list(0, ExtendedCopyList.NOT_UNIQUE, List.of(target(0xE4, NAA_1), target(0xE4, NAA_0)),
                List.of(blockToBlock(0, 1, 1000, 0, 5), blockToBlock(1, 0, 0, BLOCKS, 1000)));
        ExtendedCopyList.Copy copy = assertInstanceOf(ExtendedCopyList.Copy.class,
                ExtendedCopyList.decode(list, UNITS));
        assertEquals(false, copy.holdStatus(), "LIST ID USAGE 11b: no status kept");
        assertEquals(List.of(new ExtendedCopyList.Segment(LUN_1, 0, LUN_0, 5, 1000),
                new ExtendedCopyList.Segment(LUN_0, BLOCKS, LUN_1, 1000, 0)), copy.segments());
    }

    @Test
    void luIdTypeAndNulAreIgnored() {
        // libiscsi ValidTgtDescr: an SPC-4 copy manager ignores LU ID TYPE (reserved 11b here)
        byte[] list = simple();
        list[16 + 1] = (byte) 0xC0;
        assertInstanceOf(ExtendedCopyList.Copy.class, ExtendedCopyList.decode(list, UNITS));
    }

    @Test
    void noSegmentsIsAnEmptyCopy() {
        byte[] list = list(7, 0, List.of(target(0xE4, NAA_0)), List.of());
        assertEquals(List.of(), assertInstanceOf(ExtendedCopyList.Copy.class,
                ExtendedCopyList.decode(list, UNITS)).segments());
    }

    // ---- parameter list: every refusal ------------------------------------------------------------

    @Test
    void truncatedTargetDescriptorIsParameterListLengthError() {
        byte[] full = simple();
        refused(java.util.Arrays.copyOf(full, 16 + 32 - 1), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        refused(java.util.Arrays.copyOf(full, 16 + 32 + 28 - 1), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        refused(new byte[15], SenseCode.PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void tooManyTargetDescriptors() {
        List<byte[]> targets = new java.util.ArrayList<>();
        for (int i = 0; i <= ExtendedCopyList.MAX_TARGET_DESCRIPTORS; i++) {
            targets.add(target(0xE4, NAA_0));
        }
        SenseData sense = refused(list(1, 0, targets, List.of(blockToBlock(0, 0, 1, 0, 1))),
                SenseCode.TOO_MANY_TARGET_DESCRIPTORS);
        assertArrayEquals(fixed(0x05, 0x26, 0x06, 0, 0, 0), sense.encode(false));
    }

    @Test
    void tooManySegmentDescriptors() {
        List<byte[]> segments = new java.util.ArrayList<>();
        for (int i = 0; i <= ExtendedCopyList.MAX_SEGMENT_DESCRIPTORS; i++) {
            segments.add(blockToBlock(0, 0, 1, 0, 1));
        }
        SenseData sense = refused(list(2, 0, List.of(target(0xE4, NAA_0)), segments),
                SenseCode.TOO_MANY_SEGMENT_DESCRIPTORS);
        assertArrayEquals(fixed(0x05, 0x26, 0x08, 0, 0, 0), sense.encode(false));
    }

    @Test
    void descriptorsBeyondTheMaximumListLengthIsParameterListLengthError() {
        List<byte[]> targets = new java.util.ArrayList<>();
        for (int i = 0; i <= ExtendedCopyList.MAX_TARGET_DESCRIPTORS; i++) {
            targets.add(target(0xE4, NAA_0));
        }
        List<byte[]> segments = new java.util.ArrayList<>();
        for (int i = 0; i < 127; i++) {
            segments.add(blockToBlock(0, 0, 1, 0, 1));
        }
        refused(list(3, 0, targets, segments), SenseCode.PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void unsupportedTargetDescriptorType() {
        // libiscsi DescrType: Fibre Channel N_Port_Name (E0h)
        SenseData sense = refused(list(1, 0, List.of(target(0xE0, NAA_0)), List.of(blockToBlock(0, 0, 1, 0, 1))),
                SenseCode.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE);
        assertArrayEquals(fixed(0x05, 0x26, 0x07, 0x80, 0, 16), sense.encode(false));
    }

    @Test
    void unsupportedSegmentDescriptorType() {
        // libiscsi DescrType: stream→stream (03h) is 0x18 + 4 bytes long too
        byte[] segment = blockToBlock(0, 0, 1, 0, 1);
        segment[0] = 0x03;
        SenseData sense = refused(list(1, 0, List.of(target(0xE4, NAA_0)), List.of(segment)),
                SenseCode.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE);
        assertArrayEquals(fixed(0x05, 0x26, 0x09, 0x80, 0, 48), sense.encode(false));
    }

    @Test
    void unknownNaaIsCopyTargetDeviceNotReachable() {
        SenseData sense = refused(list(1, 0, List.of(target(0xE4, 0x6001_4050_DEAD_BEEFL)),
                List.of(blockToBlock(0, 0, 1, 0, 1))), SenseCode.COPY_TARGET_DEVICE_NOT_REACHABLE);
        assertArrayEquals(fixed(0x0A, 0x0D, 0x02, 0, 0, 0), sense.encode(false));
    }

    @Test
    void designatorOtherThanNaaIsNotReachable() {
        byte[] t = target(0xE4, NAA_0);
        t[5] = 0x01; // T10 vendor ID
        refused(list(1, 0, List.of(t), List.of(blockToBlock(0, 0, 1, 0, 1))),
                SenseCode.COPY_TARGET_DEVICE_NOT_REACHABLE);
    }

    @Test
    void indexPastTheTargetsIsUnreachableCopyTarget() {
        // libiscsi ValidSegDescr: DESTINATION TARGET DESCRIPTOR INDEX 1 with one target
        SenseData sense = refused(list(1, 0, List.of(target(0xE4, NAA_0)),
                List.of(blockToBlock(0, 1, 2048, 0, BLOCKS - 2048))), SenseCode.UNREACHABLE_COPY_TARGET);
        assertArrayEquals(fixed(0x0A, 0x08, 0x04, 0, 0, 0), sense.encode(false));
    }

    @Test
    void blocksPastEitherEndAbortTheCopy() {
        // libiscsi ValidSegDescr: 2048 blocks to the last LBA
        SenseData sense = refused(list(1, 0, List.of(target(0xE4, NAA_0)),
                List.of(blockToBlock(0, 0, 2048, 0, BLOCKS - 1))), SenseCode.COPY_ABORTED);
        assertArrayEquals(fixed(0x0A, 0x00, 0x00, 0, 0, 0), sense.encode(false));
        refused(list(1, 0, List.of(target(0xE4, NAA_0)), List.of(blockToBlock(0, 0, 1, BLOCKS, 0))),
                SenseCode.COPY_ABORTED);
        refused(list(1, 0, List.of(target(0xE4, NAA_0)), List.of(blockToBlock(0, 0, 1, -1L, 0))),
                SenseCode.COPY_ABORTED);
        refused(list(1, 0, List.of(target(0xE4, NAA_0), target(0xE4, NAA_1)),
                List.of(blockToBlock(0, 1, 2, 0, 999))), SenseCode.COPY_ABORTED);
    }

    @Test
    void reservedListIdUsageAndNonZeroIdWithoutUniquenessAreInvalidFields() {
        byte[] list = simple();
        list[1] = 0x01 << 3;
        SenseData sense = refused(list, SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x88 | 4, 0, 1), sense.encode(false));
        list[1] = 0x03 << 3;
        sense = refused(list, SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 0), sense.encode(false));
    }

    @Test
    void inlineDataIsNotSupported() {
        byte[] base = simple();
        byte[] list = java.util.Arrays.copyOf(base, base.length + 4);
        Cdbs.putBe(list, 12, 4, 4);
        SenseData sense = refused(list, SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 12), sense.encode(false));
    }

    @Test
    void wrongSegmentDescriptorLengthIsInvalidField() {
        byte[] segment = java.util.Arrays.copyOf(blockToBlock(0, 0, 1, 0, 1), 32);
        Cdbs.putBe(segment, 2, 2, 0x1C);
        SenseData sense = refused(list(1, 0, List.of(target(0xE4, NAA_0)), List.of(segment)),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 50), sense.encode(false));
    }

    @Test
    void blockLengthOtherThanTheUnitsIsInvalidField() {
        byte[] t = target(0xE4, NAA_0);
        Cdbs.putBe(t, 29, 3, 4096);
        SenseData sense = refused(list(1, 0, List.of(t), List.of(blockToBlock(0, 0, 1, 0, 1))),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x80, 0, 16 + 29), sense.encode(false));
    }

    @Test
    void nonBlockPeripheralTypeIsInvalidField() {
        byte[] t = target(0xE4, NAA_0);
        t[1] = 0x01; // sequential access
        SenseData sense = refused(list(1, 0, List.of(t), List.of(blockToBlock(0, 0, 1, 0, 1))),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertArrayEquals(fixed(0x05, 0x26, 0x00, 0x88 | 4, 0, 17), sense.encode(false));
    }
}
