package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;

/**
 * RECEIVE COPY RESULTS (84h), SPC-4 §6.18 (SPC-3 §6.17), the LID1 service actions: OPERATING
 * PARAMETERS (03h) — what {@link ExtendedCopyList} accepts — and COPY STATUS (00h) of the last list
 * with a given LIST IDENTIFIER. Copies complete before EXTENDED COPY returns, so a status is always
 * final (completed, with or without errors); the session keeps it per I_T nexus.
 */
public final class ReceiveCopyResults {

    static final int LIST_IDENTIFIER = 2;
    static final int ALLOCATION_LENGTH = 10;

    // OPERATING PARAMETERS, SPC-4 table 175
    static final int OPERATING_PARAMETERS_LENGTH = 44;
    static final int SNLID = 4;
    static final int MAXIMUM_TARGET_DESCRIPTOR_COUNT = 8;
    static final int MAXIMUM_SEGMENT_DESCRIPTOR_COUNT = 10;
    static final int MAXIMUM_DESCRIPTOR_LIST_LENGTH = 12;
    static final int MAXIMUM_SEGMENT_LENGTH = 16;
    static final int MAXIMUM_INLINE_DATA_LENGTH = 20;
    static final int TOTAL_CONCURRENT_COPIES = 34;
    static final int MAXIMUM_CONCURRENT_COPIES = 36;
    static final int DATA_SEGMENT_GRANULARITY = 37;
    static final int IMPLEMENTED_DESCRIPTOR_LIST_LENGTH = 43;
    /** The descriptor type codes {@link ExtendedCopyList} accepts, ascending. */
    static final int[] IMPLEMENTED_DESCRIPTORS = {ExtendedCopyList.BLOCK_TO_BLOCK,
            ExtendedCopyList.IDENTIFICATION_DESCRIPTOR};
    /** One EXTENDED COPY at a time per command; the session runs each to its end before it answers. */
    static final int CONCURRENT_COPIES = 1;

    // COPY STATUS, SPC-4 table 173
    static final int COPY_STATUS_LENGTH = 12;
    static final int COPY_MANAGER_STATUS = 4;
    static final int SEGMENTS_PROCESSED = 5;
    static final int TRANSFER_COUNT_UNITS = 7;
    static final int TRANSFER_COUNT = 8;
    public static final int COMPLETED_WITHOUT_ERRORS = 0x00;
    public static final int COMPLETED_WITH_ERRORS = 0x01;
    static final int UNITS_BYTES = 0x00;
    static final int UNITS_KIBIBYTES = 0xF1;

    private ReceiveCopyResults() {
    }

    /** Service action 03h: the same answer for every list; LIST IDENTIFIER is ignored. */
    static final class OperatingParameters implements ScsiCommandHandler {
        @Override
        public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
            return Plans.respond(operatingParameters(lu), Cdb.uint32(request.cdb(), ALLOCATION_LENGTH));
        }

        @Override
        public CdbUsage cdbUsage() {
            return CdbUsage.of(16).bytes(LIST_IDENTIFIER, 1).bytes(ALLOCATION_LENGTH, 4);
        }
    }

    /** Service action 00h: answered by the session from its copy status record. */
    static final class CopyStatus implements ScsiCommandHandler {
        @Override
        public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
            byte[] cdb = request.cdb();
            return new CommandPlan.CopyStatus(cdb[LIST_IDENTIFIER] & 0xFF, Cdb.uint32(cdb, ALLOCATION_LENGTH));
        }

        @Override
        public CdbUsage cdbUsage() {
            return CdbUsage.of(16).bytes(LIST_IDENTIFIER, 1).bytes(ALLOCATION_LENGTH, 4);
        }
    }

    static byte[] operatingParameters(LogicalUnitInfo lu) {
        byte[] b = new byte[OPERATING_PARAMETERS_LENGTH + IMPLEMENTED_DESCRIPTORS.length];
        ParameterBytes.put32(b, 0, b.length - 4);
        b[SNLID] = 0x01; // LIST ID USAGE 11b (no list identifier) is accepted
        ParameterBytes.put16(b, MAXIMUM_TARGET_DESCRIPTOR_COUNT, ExtendedCopyList.MAX_TARGET_DESCRIPTORS);
        ParameterBytes.put16(b, MAXIMUM_SEGMENT_DESCRIPTOR_COUNT, ExtendedCopyList.MAX_SEGMENT_DESCRIPTORS);
        ParameterBytes.put32(b, MAXIMUM_DESCRIPTOR_LIST_LENGTH, ExtendedCopyList.MAX_DESCRIPTOR_LIST_LENGTH);
        // NUMBER OF BLOCKS of a block→block segment is 16 bits.
        ParameterBytes.put32(b, MAXIMUM_SEGMENT_LENGTH, 0xFFFFL * lu.geometry().blockSize());
        ParameterBytes.put32(b, MAXIMUM_INLINE_DATA_LENGTH, ExtendedCopyList.MAX_INLINE_DATA_LENGTH);
        ParameterBytes.put16(b, TOTAL_CONCURRENT_COPIES, CONCURRENT_COPIES);
        b[MAXIMUM_CONCURRENT_COPIES] = (byte) CONCURRENT_COPIES;
        b[DATA_SEGMENT_GRANULARITY] = (byte) Integer.numberOfTrailingZeros(lu.geometry().blockSize());
        b[IMPLEMENTED_DESCRIPTOR_LIST_LENGTH] = (byte) IMPLEMENTED_DESCRIPTORS.length;
        for (int i = 0; i < IMPLEMENTED_DESCRIPTORS.length; i++) {
            b[OPERATING_PARAMETERS_LENGTH + i] = (byte) IMPLEMENTED_DESCRIPTORS[i];
        }
        return b;
    }

    /**
     * The COPY STATUS parameter data of a finished list: {@code status} (one of the COMPLETED_ codes),
     * segments processed and bytes written, in bytes when they fit 32 bits, else in KiB.
     */
    public static CommandPlan copyStatus(int status, int segmentsProcessed, long bytesCopied, long allocationLength) {
        byte[] b = new byte[COPY_STATUS_LENGTH];
        ParameterBytes.put32(b, 0, COPY_STATUS_LENGTH - 4);
        b[COPY_MANAGER_STATUS] = (byte) status; // HDD 0: no held data
        ParameterBytes.put16(b, SEGMENTS_PROCESSED, segmentsProcessed);
        boolean inBytes = bytesCopied <= 0xFFFF_FFFFL;
        b[TRANSFER_COUNT_UNITS] = (byte) (inBytes ? UNITS_BYTES : UNITS_KIBIBYTES);
        ParameterBytes.put32(b, TRANSFER_COUNT, inBytes ? bytesCopied : bytesCopied >>> 10);
        return Plans.respond(b, allocationLength);
    }

    /** COPY STATUS for a list identifier with no status held: INVALID FIELD IN CDB at LIST IDENTIFIER. */
    public static CommandPlan noSuchList() {
        return Plans.invalidFieldInCdb(LIST_IDENTIFIER, -1);
    }
}
