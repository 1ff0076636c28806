package io.pagewire.streams.commands;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The vital product data pages INQUIRY serves with EVPD = 1, in ascending page-code order (the
 * order the Supported VPD Pages page lists them in, SPC-4 §7.8.14). A page is one constant: adding a
 * page is adding a constant here.
 */
enum VpdPage {

    /** SPC-4 §7.8.14. */
    SUPPORTED_VPD_PAGES(0x00) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            byte[] codes = new byte[VALUES.length];
            int n = 0;
            for (VpdPage page : VALUES) {
                if (page.supportedBy(lu)) {
                    codes[n++] = (byte) page.code;
                }
            }
            byte[] list = new byte[n];
            System.arraycopy(codes, 0, list, 0, n);
            return withHeader(code(), list);
        }
    },

    /** SPC-4 §7.8.15. */
    UNIT_SERIAL_NUMBER(0x80) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            return withHeader(code(), lu.serial().getBytes(StandardCharsets.US_ASCII));
        }
    },

    DEVICE_IDENTIFICATION(DeviceIdentification.PAGE_CODE) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            return DeviceIdentification.page(lu);
        }
    },

    /** SPC-4 §7.8.17: EXTENDED COPY (LID1) and RECEIVE COPY RESULTS. */
    THIRD_PARTY_COPY(ThirdPartyCopy.PAGE_CODE) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            return ThirdPartyCopy.page(lu);
        }
    },

    /**
     * SBC-3 §6.5.3 table 193, the SBC-3 length (3Ch): transfer limits, UNMAP limits on thin units,
     * MAXIMUM WRITE SAME LENGTH; WSNZ = 0 (NUMBER OF LOGICAL BLOCKS 0 means "to the last LBA"); the
     * COMPARE AND WRITE limit, and (SBC-4) the WRITE ATOMIC ones.
     */
    BLOCK_LIMITS(0xB0) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            byte[] b = new byte[SBC3_PAGE_LENGTH];
            int granularity = Math.max(lu.logicalBlocksPerPhysicalBlock(),
                    PREFERRED_IO_BYTES / lu.geometry().blockSize());
            ParameterBytes.put16(b, OPTIMAL_TRANSFER_LENGTH_GRANULARITY - HEADER_LENGTH, granularity);
            ParameterBytes.put32(b, MAXIMUM_TRANSFER_LENGTH - HEADER_LENGTH, lu.maxTransferBlocks());
            ParameterBytes.put32(b, OPTIMAL_TRANSFER_LENGTH - HEADER_LENGTH, lu.maxTransferBlocks());
            // UNMAP limits only where UNMAP exists (LBPU = 1); WRITE SAME works on every unit.
            if (lu.thinProvisioned()) {
                ParameterBytes.put32(b, MAXIMUM_UNMAP_LBA_COUNT - HEADER_LENGTH,
                        ProvisioningLimits.maxUnmapBlocks(lu.geometry()));
                ParameterBytes.put32(b, MAXIMUM_UNMAP_BLOCK_DESCRIPTOR_COUNT - HEADER_LENGTH,
                        ProvisioningLimits.MAX_UNMAP_DESCRIPTORS);
                // Any block can be unmapped; whole physical blocks are what the medium can free.
                ParameterBytes.put32(b, OPTIMAL_UNMAP_GRANULARITY - HEADER_LENGTH,
                        Math.max(ProvisioningLimits.OPTIMAL_UNMAP_GRANULARITY, lu.logicalBlocksPerPhysicalBlock()));
            }
            ParameterBytes.put64(b, MAXIMUM_WRITE_SAME_LENGTH - HEADER_LENGTH,
                    ProvisioningLimits.maxWriteSameBlocks(lu.geometry()));
            b[MAXIMUM_COMPARE_AND_WRITE_LENGTH - HEADER_LENGTH] = (byte) CompareAndWrite.maximumBlocks(lu);
            // SBC-4 §6.6.4: WRITE ATOMIC; ATOMIC ALIGNMENT, GRANULARITY and the boundary fields stay 0 (none).
            ParameterBytes.put32(b, MAXIMUM_ATOMIC_TRANSFER_LENGTH - HEADER_LENGTH, WriteAtomic16.maximumBlocks(lu));
            return withHeader(code(), b);
        }
    },

    /**
     * SBC-3 §6.5.2 table 191: a non-rotating medium. WABEREQ and WACEREQ (SBC-4 §6.6.2) = 01b: after a
     * SANITIZE BLOCK ERASE or CRYPTOGRAPHIC ERASE every block reads without error (as zeros).
     */
    BLOCK_DEVICE_CHARACTERISTICS(0xB1) {
        @Override
        byte[] build(LogicalUnitInfo lu) {
            byte[] b = new byte[SBC3_PAGE_LENGTH];
            ParameterBytes.put16(b, MEDIUM_ROTATION_RATE - HEADER_LENGTH, NON_ROTATING_MEDIUM);
            b[ERASE_READ_BEHAVIOUR - HEADER_LENGTH] =
                    (byte) (READS_SUCCEED << WABEREQ_SHIFT | READS_SUCCEED << WACEREQ_SHIFT);
            return withHeader(code(), b);
        }
    },

    /**
     * SBC-3 §6.5.4 table 196, only for thin-provisioned units: provisioning type thin; UNMAP (LBPU),
     * WRITE SAME(16) and WRITE SAME(10) with UNMAP = 1 (LBPWS, LBPWS10) deallocate; unmapped blocks
     * read as zeros (LBPRZ). No anchored state (ANC_SUP = 0), no provisioning group descriptor.
     */
    LOGICAL_BLOCK_PROVISIONING(0xB2) {
        @Override
        boolean supportedBy(LogicalUnitInfo lu) {
            return lu.thinProvisioned();
        }

        @Override
        byte[] build(LogicalUnitInfo lu) {
            byte[] b = new byte[LBP_PAGE_LENGTH];
            b[LBP_FLAGS - HEADER_LENGTH] = (byte) (LBPU | LBPWS | LBPWS10 | LBPRZ);
            b[PROVISIONING_TYPE - HEADER_LENGTH] = THIN_PROVISIONED;
            return withHeader(code(), b);
        }
    };

    static final int HEADER_LENGTH = 4;
    static final int PAGE_LENGTH = 2;

    static final int SBC3_PAGE_LENGTH = 0x3C;
    static final int OPTIMAL_TRANSFER_LENGTH_GRANULARITY = 6;
    static final int MAXIMUM_TRANSFER_LENGTH = 8;
    static final int OPTIMAL_TRANSFER_LENGTH = 12;
    static final int MAXIMUM_COMPARE_AND_WRITE_LENGTH = 5;
    static final int MAXIMUM_ATOMIC_TRANSFER_LENGTH = 44;
    /** Page-sized I/O suits the page pool and the initiator's page cache alike. */
    static final int PREFERRED_IO_BYTES = 4096;

    static final int MEDIUM_ROTATION_RATE = 4;
    static final int NON_ROTATING_MEDIUM = 0x0001;
    /** Byte 7: WABEREQ (bits 7-6), WACEREQ (bits 5-4), NOMINAL FORM FACTOR (bits 3-0). */
    static final int ERASE_READ_BEHAVIOUR = 7;
    static final int WABEREQ_SHIFT = 6;
    static final int WACEREQ_SHIFT = 4;
    /** 01b: reads of erased blocks complete without error. */
    static final int READS_SUCCEED = 0b01;

    static final int MAXIMUM_UNMAP_LBA_COUNT = 20;
    static final int MAXIMUM_UNMAP_BLOCK_DESCRIPTOR_COUNT = 24;
    static final int OPTIMAL_UNMAP_GRANULARITY = 28;
    static final int MAXIMUM_WRITE_SAME_LENGTH = 36;

    static final int LBP_PAGE_LENGTH = 4;
    static final int LBP_FLAGS = 5;
    static final int LBPU = 0x80;
    static final int LBPWS = 0x40;
    static final int LBPWS10 = 0x20;
    static final int LBPRZ = 0x04;
    static final int PROVISIONING_TYPE = 6;
    static final int THIN_PROVISIONED = 0x02;

    private static final VpdPage[] VALUES = values();
    private static final VpdPage[] BY_CODE = new VpdPage[256];

    static {
        int previous = -1;
        for (VpdPage page : VALUES) {
            if (page.code <= previous) {
                throw new ExceptionInInitializerError("VPD pages must be declared in ascending order");
            }
            previous = page.code;
            BY_CODE[page.code] = page;
        }
    }

    private final int code;

    VpdPage(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Whether this unit has the page; every page but Logical Block Provisioning always. */
    boolean supportedBy(LogicalUnitInfo lu) {
        return true;
    }

    /** The whole page: 4-byte header (qualifier/type, page code, PAGE LENGTH) and body. */
    abstract byte[] build(LogicalUnitInfo lu);

    static Optional<VpdPage> lookup(LogicalUnitInfo lu, int code) {
        VpdPage page = BY_CODE[code & 0xFF];
        return page != null && page.supportedBy(lu) ? Optional.of(page) : Optional.empty();
    }

    /** Prefixes {@code body} with the VPD header of a direct-access unit (SPC-4 §7.8.1 table 453). */
    static byte[] withHeader(int pageCode, byte[] body) {
        byte[] page = new byte[HEADER_LENGTH + body.length];
        page[0] = StandardInquiry.DIRECT_ACCESS_BLOCK_DEVICE;
        page[1] = (byte) pageCode;
        ParameterBytes.put16(page, PAGE_LENGTH, body.length);
        System.arraycopy(body, 0, page, HEADER_LENGTH, body.length);
        return page;
    }
}
