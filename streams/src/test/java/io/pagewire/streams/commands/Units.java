package io.pagewire.streams.commands;

import io.pagewire.streams.spi.Geometry;
import java.util.List;

/** Logical units the command tests run against. */
final class Units {

    static final String TARGET = "iqn.2024-01.io.pagewire:disk1";
    static final long NAA = 0x6001_4050_0000_0001L;
    /** 1 GiB of 512-byte blocks. */
    static final long BLOCKS = 2_097_152;

    private Units() {
    }

    /** LUN 0 of three, 512-byte blocks, fully provisioned, the default transfer limit. */
    static LogicalUnitInfo standard() {
        return of(new Geometry(512, BLOCKS), false);
    }

    static LogicalUnitInfo of(Geometry geometry, boolean thin) {
        return new LogicalUnitInfo(0, geometry, "PAGEWIRE", "Pagewire disk", "0.1", "PW0001", NAA, TARGET, 1,
                List.of(0, 1, 7), thin);
    }

    /** As {@link #standard()}, configured with {@code write-cache = false}. */
    static LogicalUnitInfo withoutWriteCache() {
        LogicalUnitInfo lu = standard();
        return new LogicalUnitInfo(lu.lun(), lu.geometry(), lu.vendor(), lu.product(), lu.revision(), lu.serial(),
                lu.naaId(), lu.targetName(), lu.relativePortId(), lu.allLuns(), lu.thinProvisioned(),
                lu.maxTransferBlocks(), false, false, false);
    }

    static LogicalUnitInfo withMaxTransfer(int maxTransferBlocks) {
        return of(new Geometry(512, BLOCKS), maxTransferBlocks);
    }

    static LogicalUnitInfo of(Geometry geometry, int maxTransferBlocks) {
        LogicalUnitInfo lu = of(geometry, false);
        return new LogicalUnitInfo(lu.lun(), lu.geometry(), lu.vendor(), lu.product(), lu.revision(), lu.serial(),
                lu.naaId(), lu.targetName(), lu.relativePortId(), lu.allLuns(), lu.thinProvisioned(),
                maxTransferBlocks);
    }

    /** As {@link #standard()}, thin provisioned. */
    static LogicalUnitInfo thin() {
        return of(new Geometry(512, BLOCKS), true);
    }

    /** As {@link #standard()} (or thin), write-protected. */
    static LogicalUnitInfo readOnly(boolean thin) {
        LogicalUnitInfo lu = of(new Geometry(512, BLOCKS), thin);
        return new LogicalUnitInfo(lu.lun(), lu.geometry(), lu.vendor(), lu.product(), lu.revision(), lu.serial(),
                lu.naaId(), lu.targetName(), lu.relativePortId(), lu.allLuns(), lu.thinProvisioned(),
                lu.maxTransferBlocks(), true, true, false);
    }

    /** As {@link #thin()}, with {@code 2^exponent} logical blocks per physical block. */
    static LogicalUnitInfo thinWithPhysicalBlockExponent(int exponent) {
        LogicalUnitInfo lu = thin();
        return new LogicalUnitInfo(lu.lun(), lu.geometry(), lu.vendor(), lu.product(), lu.revision(), lu.serial(),
                lu.naaId(), lu.targetName(), lu.relativePortId(), lu.allLuns(), true, lu.maxTransferBlocks(),
                true, false, false, exponent);
    }
}
