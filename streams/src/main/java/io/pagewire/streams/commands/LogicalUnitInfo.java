package io.pagewire.streams.commands;

import io.pagewire.streams.spi.Geometry;
import java.util.List;
import java.util.Objects;

/**
 * What a logical unit reports about itself: numbers, names and identifiers for INQUIRY, REPORT
 * LUNS and READ CAPACITY. Immutable; built by the actor layer from configuration.
 *
 * @param lun             this LU's number (0..255 in this version, peripheral addressing)
 * @param geometry        block size and count
 * @param vendor          T10 vendor id, at most 8 ASCII chars ("PAGEWIRE")
 * @param product         product id, at most 16 ASCII chars
 * @param revision        product revision, at most 4 ASCII chars
 * @param serial          unit serial number (VPD 0x80), ASCII
 * @param naaId           the 8-byte NAA IEEE Registered designator (NAA 5) for VPD 0x83
 * @param targetName      the iSCSI target name, for the SCSI name string designator in VPD 0x83
 * @param relativePortId  relative target port identifier (VPD 0x83), 1-based
 * @param allLuns         every LUN of the same target, ascending, for REPORT LUNS
 * @param thinProvisioned whether LBPME is reported (only false in this version)
 */
public record LogicalUnitInfo(int lun, Geometry geometry, String vendor, String product, String revision,
                              String serial, long naaId, String targetName, int relativePortId,
                              List<Integer> allLuns, boolean thinProvisioned) {
    public LogicalUnitInfo {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(targetName, "targetName");
        allLuns = List.copyOf(allLuns);
    }
}
