package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.LunAddress;
import io.pagewire.streams.spi.Geometry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What a logical unit reports about itself: numbers, names and identifiers for INQUIRY, REPORT
 * LUNS and READ CAPACITY. Immutable; built by the actor layer from configuration. Text fields are
 * checked against the sizes of the INQUIRY fields they fill (printable ASCII, SPC-4 §4.4.1); INQUIRY
 * pads them with spaces.
 *
 * @param lun               this LU's number, 0..16383 (peripheral addressing up to 255, flat space above)
 * @param geometry          block size and count
 * @param vendor            T10 vendor id, at most 8 printable ASCII chars ("PAGEWIRE")
 * @param product           product id, at most 16 printable ASCII chars
 * @param revision          product revision, at most 4 printable ASCII chars
 * @param serial            unit serial number (VPD 0x80 and the T10 vendor id designator), at most 240
 *                          printable ASCII chars
 * @param naaId             the 8-byte NAA IEEE Registered designator (NAA 5) for VPD 0x83, written as is
 * @param targetName        the iSCSI target name, for the SCSI name string designators in VPD 0x83
 * @param relativePortId    relative target port identifier (VPD 0x83), 1..65535; also the target
 *                          portal group tag in the target port name "{@code <targetName>,t,0x<tag>}"
 * @param allLuns           every LUN of the same target, ascending, for REPORT LUNS
 * @param thinProvisioned   thin provisioning (SBC-3 §4.7.3): LBPME and LBPRZ in READ CAPACITY(16), the
 *                          Logical Block Provisioning VPD page, UNMAP and WRITE SAME with UNMAP deallocate
 * @param maxTransferBlocks largest TRANSFER LENGTH a READ or WRITE may ask for, in blocks; reported as
 *                          MAXIMUM TRANSFER LENGTH in the Block Limits VPD page and enforced with
 *                          INVALID FIELD IN CDB; 0 means no limit
 * @param writeCacheEnabled WCE in the Caching mode page; when false every WRITE is made durable before
 *                          its status, as with FUA (SBC-3 §6.4.5)
 * @param readOnly          write-protected (SBC-3 §4.10): WP in the mode parameter header, and every command
 *                          that would change the medium gets DATA PROTECT / WRITE PROTECTED
 * @param removable         the medium is removable: RMB in INQUIRY, START STOP UNIT with LOEJ ejects and loads
 * @param physicalBlockExponent LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT of READ CAPACITY(16), 0..15: a
 *                          512-byte-block unit stored on 4 KiB sectors (512e) reports 3, so initiators
 *                          align their I/O and discards to 2<sup>exponent</sup> blocks
 */
public record LogicalUnitInfo(int lun, Geometry geometry, String vendor, String product, String revision,
                              String serial, long naaId, String targetName, int relativePortId,
                              List<Integer> allLuns, boolean thinProvisioned, int maxTransferBlocks,
                              boolean writeCacheEnabled, boolean readOnly, boolean removable,
                              int physicalBlockExponent) {

    /** LBPPBE is a 4-bit field (SBC-3 §5.21.2). */
    public static final int MAX_PHYSICAL_BLOCK_EXPONENT = 15;

    /** Transfer size behind {@link #defaultMaxTransferBlocks(Geometry)}: 8 MiB. */
    public static final int DEFAULT_MAX_TRANSFER_BYTES = 8 << 20;
    /** Longest iSCSI name, RFC 7143 §4.2.7.1. */
    public static final int MAX_ISCSI_NAME_BYTES = 223;
    public static final int MAX_SERIAL_LENGTH = 240;

    public LogicalUnitInfo {
        if (lun < 0 || lun > LunAddress.MAX_LUN) {
            throw new IllegalArgumentException("lun must be 0.." + LunAddress.MAX_LUN + ", got " + lun);
        }
        Objects.requireNonNull(geometry, "geometry");
        checkAscii("vendor", vendor, 8);
        checkAscii("product", product, 16);
        checkAscii("revision", revision, 4);
        checkAscii("serial", serial, MAX_SERIAL_LENGTH);
        Objects.requireNonNull(targetName, "targetName");
        int nameBytes = targetName.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_ISCSI_NAME_BYTES) {
            throw new IllegalArgumentException("targetName must be 1.." + MAX_ISCSI_NAME_BYTES + " bytes");
        }
        if (relativePortId < 1 || relativePortId > 0xFFFF) {
            throw new IllegalArgumentException("relativePortId must be 1..65535, got " + relativePortId);
        }
        allLuns = List.copyOf(allLuns);
        for (int other : allLuns) {
            if (other < 0 || other > LunAddress.MAX_LUN) {
                throw new IllegalArgumentException("LUN out of range in allLuns: " + other);
            }
        }
        if (maxTransferBlocks < 0) {
            throw new IllegalArgumentException("maxTransferBlocks must be >= 0, got " + maxTransferBlocks);
        }
        if (physicalBlockExponent < 0 || physicalBlockExponent > MAX_PHYSICAL_BLOCK_EXPONENT) {
            throw new IllegalArgumentException("physicalBlockExponent must be 0.." + MAX_PHYSICAL_BLOCK_EXPONENT
                    + ", got " + physicalBlockExponent);
        }
    }

    /** One logical block per physical block. */
    public LogicalUnitInfo(int lun, Geometry geometry, String vendor, String product, String revision,
                           String serial, long naaId, String targetName, int relativePortId,
                           List<Integer> allLuns, boolean thinProvisioned, int maxTransferBlocks,
                           boolean writeCacheEnabled, boolean readOnly, boolean removable) {
        this(lun, geometry, vendor, product, revision, serial, naaId, targetName, relativePortId, allLuns,
                thinProvisioned, maxTransferBlocks, writeCacheEnabled, readOnly, removable, 0);
    }

    /** The first twelve components; the write cache is enabled, writable, not removable. */
    public LogicalUnitInfo(int lun, Geometry geometry, String vendor, String product, String revision,
                           String serial, long naaId, String targetName, int relativePortId,
                           List<Integer> allLuns, boolean thinProvisioned, int maxTransferBlocks) {
        this(lun, geometry, vendor, product, revision, serial, naaId, targetName, relativePortId, allLuns,
                thinProvisioned, maxTransferBlocks, true, false, false);
    }

    /** The original eleven components; {@code maxTransferBlocks} is {@link #defaultMaxTransferBlocks}. */
    public LogicalUnitInfo(int lun, Geometry geometry, String vendor, String product, String revision,
                           String serial, long naaId, String targetName, int relativePortId,
                           List<Integer> allLuns, boolean thinProvisioned) {
        this(lun, geometry, vendor, product, revision, serial, naaId, targetName, relativePortId, allLuns,
                thinProvisioned, defaultMaxTransferBlocks(geometry));
    }

    /** Logical blocks in one physical block, {@code 2^physicalBlockExponent}. */
    public int logicalBlocksPerPhysicalBlock() {
        return 1 << physicalBlockExponent;
    }

    /** {@value #DEFAULT_MAX_TRANSFER_BYTES} bytes worth of blocks, at least one block. */
    public static int defaultMaxTransferBlocks(Geometry geometry) {
        return Math.max(1, DEFAULT_MAX_TRANSFER_BYTES / Objects.requireNonNull(geometry, "geometry").blockSize());
    }

    private static void checkAscii(String what, String value, int max) {
        Objects.requireNonNull(value, what);
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " is at most " + max + " chars, got \"" + value + '"');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException(what + " must be printable ASCII, got \"" + value + '"');
            }
        }
    }
}
