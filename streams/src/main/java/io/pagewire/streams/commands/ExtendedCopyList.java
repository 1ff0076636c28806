package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parameter list of EXTENDED COPY (LID1), SPC-4 §6.4.3 (SPC-3 §6.3.1): a 16-byte header, the
 * CSCD (target) descriptors, the segment descriptors. What is supported is what the Third-party Copy
 * VPD page and RECEIVE COPY RESULTS / OPERATING PARAMETERS report: identification descriptors (E4h)
 * naming a logical unit of this target by its NAA designator, and block→block segments (02h). Every
 * check happens before the first block moves, so a refused list copies nothing. Pure.
 */
public final class ExtendedCopyList {

    public static final int HEADER_LENGTH = 16;
    public static final int MAX_TARGET_DESCRIPTORS = 16;
    public static final int MAX_SEGMENT_DESCRIPTORS = 64;
    /** Target plus segment descriptor bytes; room for the maximum of both (16 × 32 + 64 × 28). */
    public static final int MAX_DESCRIPTOR_LIST_LENGTH = 4096;
    /** No inline or embedded data: no segment type that would use it is supported. */
    public static final int MAX_INLINE_DATA_LENGTH = 0;
    public static final int MAX_PARAMETER_LIST_LENGTH = HEADER_LENGTH + MAX_DESCRIPTOR_LIST_LENGTH;

    // header, SPC-4 table 105
    static final int LIST_IDENTIFIER = 0;
    static final int FLAGS = 1;
    static final int LIST_ID_USAGE_SHIFT = 3;
    static final int TARGET_DESCRIPTOR_LIST_LENGTH = 2;
    static final int SEGMENT_DESCRIPTOR_LIST_LENGTH = 8;
    static final int INLINE_DATA_LENGTH = 12;

    /** LIST ID USAGE, SPC-4 table 106. */
    public static final int HOLD = 0b00;
    public static final int RESERVED_USAGE = 0b01;
    public static final int NO_HOLD = 0b10;
    public static final int NOT_UNIQUE = 0b11;

    // identification descriptor (CSCD E4h), SPC-4 §6.4.5.3 table 113
    public static final int IDENTIFICATION_DESCRIPTOR = 0xE4;
    static final int TARGET_DESCRIPTOR_LENGTH = 32;
    static final int PERIPHERAL_DEVICE_TYPE = 1;
    static final int DESIGNATOR_TYPE = 5;
    static final int DESIGNATOR_LENGTH = 7;
    static final int DESIGNATOR = 8;
    static final int DISK_BLOCK_LENGTH = 29;
    static final int NAA_DESIGNATOR_LENGTH = 8;

    // block→block segment descriptor, SPC-4 §6.4.6.5 table 125
    public static final int BLOCK_TO_BLOCK = 0x02;
    static final int SEGMENT_HEADER_LENGTH = 4;
    static final int DESCRIPTOR_LENGTH = 2;
    static final int BLOCK_TO_BLOCK_DESCRIPTOR_LENGTH = 0x18;
    static final int SOURCE_INDEX = 4;
    static final int DESTINATION_INDEX = 6;
    static final int NUMBER_OF_BLOCKS = 10;
    static final int SOURCE_LBA = 12;
    static final int DESTINATION_LBA = 20;

    private ExtendedCopyList() {
    }

    /** What to do with a list: refuse it with this sense, or copy. */
    public sealed interface Decision permits Refused, Copy {
    }

    public record Refused(SenseData sense) implements Decision {
        public Refused {
            Objects.requireNonNull(sense, "sense");
        }
    }

    /**
     * @param holdStatus whether RECEIVE COPY RESULTS may ask for this list's status later (LIST ID
     *                   USAGE 00b or 10b; 11b lists have no usable identifier)
     */
    public record Copy(int listId, boolean holdStatus, List<Segment> segments) implements Decision {
        public Copy {
            segments = List.copyOf(segments);
        }
    }

    /** One block→block segment: {@code blocks} blocks, both units having the same block size. */
    public record Segment(LogicalUnitInfo source, long sourceLba, LogicalUnitInfo destination, long destinationLba,
                          long blocks) {
        public Segment {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * Checks {@code list} (exactly the bytes the initiator sent, at most the CDB's PARAMETER LIST
     * LENGTH) against {@code units}, the logical units of this target.
     */
    public static Decision decode(byte[] list, List<LogicalUnitInfo> units) {
        if (list.length < HEADER_LENGTH) {
            return refuse(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        int listId = list[LIST_IDENTIFIER] & 0xFF;
        int usage = (list[FLAGS] >> LIST_ID_USAGE_SHIFT) & 0b11;
        if (usage == RESERVED_USAGE) {
            return new Refused(SenseData.invalidFieldInParameterList(FLAGS, LIST_ID_USAGE_SHIFT + 1));
        }
        if (usage == NOT_UNIQUE && listId != 0) {
            // SPC-4 §6.4.3: with LIST ID USAGE 11b the LIST IDENTIFIER shall be zero.
            return new Refused(SenseData.invalidFieldInParameterList(LIST_IDENTIFIER, -1));
        }
        long targetsLength = u16(list, TARGET_DESCRIPTOR_LIST_LENGTH);
        long segmentsLength = u32(list, SEGMENT_DESCRIPTOR_LIST_LENGTH);
        long inlineLength = u32(list, INLINE_DATA_LENGTH);
        if (HEADER_LENGTH + targetsLength + segmentsLength + inlineLength > list.length
                || targetsLength + segmentsLength > MAX_DESCRIPTOR_LIST_LENGTH) {
            return refuse(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (inlineLength > MAX_INLINE_DATA_LENGTH) {
            return new Refused(SenseData.invalidFieldInParameterList(INLINE_DATA_LENGTH, -1));
        }
        if (targetsLength % TARGET_DESCRIPTOR_LENGTH != 0) {
            return refuse(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (targetsLength / TARGET_DESCRIPTOR_LENGTH > MAX_TARGET_DESCRIPTORS) {
            return refuse(SenseCode.TOO_MANY_TARGET_DESCRIPTORS);
        }
        List<LogicalUnitInfo> targets = new ArrayList<>();
        for (int at = HEADER_LENGTH; at < HEADER_LENGTH + targetsLength; at += TARGET_DESCRIPTOR_LENGTH) {
            Object target = target(list, at, units);
            if (target instanceof Refused refused) {
                return refused;
            }
            targets.add((LogicalUnitInfo) target);
        }
        List<Segment> segments = new ArrayList<>();
        int end = (int) (HEADER_LENGTH + targetsLength + segmentsLength);
        for (int at = (int) (HEADER_LENGTH + targetsLength); at < end; ) {
            if (segments.size() == MAX_SEGMENT_DESCRIPTORS) {
                return refuse(SenseCode.TOO_MANY_SEGMENT_DESCRIPTORS);
            }
            if (end - at < SEGMENT_HEADER_LENGTH) {
                return refuse(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
            }
            int length = SEGMENT_HEADER_LENGTH + u16(list, at + DESCRIPTOR_LENGTH);
            if (at + length > end) {
                return refuse(SenseCode.PARAMETER_LIST_LENGTH_ERROR);
            }
            if ((list[at] & 0xFF) != BLOCK_TO_BLOCK) {
                return new Refused(SenseData.of(SenseCode.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE,
                        SenseData.FieldPointer.parameterList(at, -1)));
            }
            if (length != SEGMENT_HEADER_LENGTH + BLOCK_TO_BLOCK_DESCRIPTOR_LENGTH) {
                return new Refused(SenseData.invalidFieldInParameterList(at + DESCRIPTOR_LENGTH, -1));
            }
            Object segment = segment(list, at, targets);
            if (segment instanceof Refused refused) {
                return refused;
            }
            segments.add((Segment) segment);
            at += length;
        }
        return new Copy(listId, usage != NOT_UNIQUE, segments);
    }

    /** An identification descriptor → the unit whose NAA designator (VPD 83h) it carries. */
    private static Object target(byte[] list, int at, List<LogicalUnitInfo> units) {
        if ((list[at] & 0xFF) != IDENTIFICATION_DESCRIPTOR) {
            return new Refused(SenseData.of(SenseCode.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE,
                    SenseData.FieldPointer.parameterList(at, -1)));
        }
        // LU ID TYPE and NUL are ignored (SPC-4: the copy manager addresses the LU by its designator).
        if ((list[at + PERIPHERAL_DEVICE_TYPE] & 0x1F) != StandardInquiry.DIRECT_ACCESS_BLOCK_DEVICE) {
            return new Refused(SenseData.invalidFieldInParameterList(at + PERIPHERAL_DEVICE_TYPE, 4));
        }
        int designatorType = list[at + DESIGNATOR_TYPE] & 0x3F; // association and type
        int designatorLength = list[at + DESIGNATOR_LENGTH] & 0xFF;
        LogicalUnitInfo found = null;
        if (designatorType == (DeviceIdentification.ASSOCIATION_LOGICAL_UNIT | DeviceIdentification.TYPE_NAA)
                && designatorLength == NAA_DESIGNATOR_LENGTH) {
            long naa = u64(list, at + DESIGNATOR);
            for (LogicalUnitInfo unit : units) {
                if (unit.naaId() == naa) {
                    found = unit;
                    break;
                }
            }
        }
        if (found == null) {
            return new Refused(SenseData.of(SenseCode.COPY_TARGET_DEVICE_NOT_REACHABLE));
        }
        int blockLength = (list[at + DISK_BLOCK_LENGTH] & 0xFF) << 16 | u16(list, at + DISK_BLOCK_LENGTH + 1);
        if (blockLength != found.geometry().blockSize()) {
            return new Refused(SenseData.invalidFieldInParameterList(at + DISK_BLOCK_LENGTH, -1));
        }
        return found;
    }

    private static Object segment(byte[] list, int at, List<LogicalUnitInfo> targets) {
        int sourceIndex = u16(list, at + SOURCE_INDEX);
        int destinationIndex = u16(list, at + DESTINATION_INDEX);
        if (sourceIndex >= targets.size() || destinationIndex >= targets.size()) {
            return new Refused(SenseData.of(SenseCode.UNREACHABLE_COPY_TARGET));
        }
        LogicalUnitInfo source = targets.get(sourceIndex);
        LogicalUnitInfo destination = targets.get(destinationIndex);
        if (source.geometry().blockSize() != destination.geometry().blockSize()) {
            // The DC bit would pick whose blocks NUMBER OF BLOCKS counts; unequal sizes are not supported.
            return new Refused(SenseData.invalidFieldInParameterList(at + FLAGS, 1));
        }
        long blocks = u16(list, at + NUMBER_OF_BLOCKS);
        long sourceLba = u64(list, at + SOURCE_LBA);
        long destinationLba = u64(list, at + DESTINATION_LBA);
        if (blocks > 0 && (Plans.exceedsCapacity(source.geometry(), sourceLba, blocks)
                || Plans.exceedsCapacity(destination.geometry(), destinationLba, blocks))) {
            // SPC-4 §6.4.4: a segment the copy manager cannot process aborts the copy (COPY ABORTED);
            // nothing has been copied because every segment is checked before the first one runs.
            return new Refused(SenseData.of(SenseCode.COPY_ABORTED));
        }
        return new Segment(source, sourceLba, destination, destinationLba, blocks);
    }

    private static Refused refuse(SenseCode code) {
        return new Refused(SenseData.of(code));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static long u64(byte[] b, int at) {
        return u32(b, at) << 32 | u32(b, at + 4);
    }
}
