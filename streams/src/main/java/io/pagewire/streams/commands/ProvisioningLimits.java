package io.pagewire.streams.commands;

import io.pagewire.streams.spi.Geometry;

/**
 * The limits of WRITE SAME and UNMAP, as the Block Limits VPD page reports them (SBC-3 §6.5.3) and
 * the handlers enforce them. In bytes, so that 512- and 4096-byte units do the same amount of work
 * per command; a command over a limit is refused before any data moves.
 */
final class ProvisioningLimits {

    /**
     * MAXIMUM WRITE SAME LENGTH: 16 MiB. A WRITE SAME runs as one device call; the bound keeps one
     * command from holding an I/O thread for the time of gigabytes of writes. (It is also below the
     * 65536 blocks libiscsi's WriteSame16.Unmap would otherwise first WRITE(16) in one command, past
     * the 8 MiB MAXIMUM TRANSFER LENGTH.)
     */
    static final long MAX_WRITE_SAME_BYTES = 16L << 20;
    /**
     * MAXIMUM UNMAP LBA COUNT: 256 MiB per UNMAP command (deallocation is cheap, zero-filling is not);
     * at most 2^20 blocks of 512 bytes, the most libiscsi's BlockLimits calls sane.
     */
    static final long MAX_UNMAP_BYTES = 256L << 20;
    /** MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT. */
    static final int MAX_UNMAP_DESCRIPTORS = 256;
    /** OPTIMAL UNMAP GRANULARITY in blocks: any block can be unmapped (partial chunks are zeroed). */
    static final int OPTIMAL_UNMAP_GRANULARITY = 1;

    private ProvisioningLimits() {
    }

    static long maxWriteSameBlocks(Geometry geometry) {
        return MAX_WRITE_SAME_BYTES / geometry.blockSize();
    }

    static long maxUnmapBlocks(Geometry geometry) {
        return MAX_UNMAP_BYTES / geometry.blockSize();
    }
}
