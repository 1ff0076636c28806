package io.pagewire.actors.config;

import java.nio.file.Path;

/**
 * One logical unit as configured; {@code path} is null unless the backend is a file.
 * {@code writeCache}: false makes every WRITE durable before its status (WCE = 0).
 * {@code thinProvisioning}: UNMAP, WRITE SAME with UNMAP and GET LBA STATUS deallocate and report
 * (SBC-3 §4.7.3). {@code readOnly}: write-protected (SBC-3 §4.10).
 * {@code removable}: the medium can be ejected and loaded (RMB, START STOP UNIT with LOEJ).
 * {@code physicalBlockSize}: the sector size reported behind the logical blocks (READ CAPACITY(16)
 * LBPPBE), a power-of-two multiple of {@code blockSize}.
 * {@code sanitizeRate}: bytes per second a SANITIZE OVERWRITE writes at most (0: unpaced).
 */
public record LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize, boolean writeCache,
                        boolean thinProvisioning, boolean readOnly, boolean removable, int physicalBlockSize,
                        long sanitizeRate) {

    /** The default {@code sanitize-rate}, 64 MiB per second. */
    public static final long DEFAULT_SANITIZE_RATE = 64L << 20;

    /** One logical block per physical block, at the default sanitize rate. */
    public LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize, boolean writeCache,
                     boolean thinProvisioning, boolean readOnly, boolean removable) {
        this(lun, backend, path, sizeBytes, blockSize, writeCache, thinProvisioning, readOnly, removable, blockSize,
                DEFAULT_SANITIZE_RATE);
    }

    /** A writable, fully provisioned, fixed unit with the write cache enabled, the defaults. */
    public LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize) {
        this(lun, backend, path, sizeBytes, blockSize, true, false, false, false);
    }

    /** log2 of logical blocks per physical block, as READ CAPACITY(16) reports it. */
    public int physicalBlockExponent() {
        return Integer.numberOfTrailingZeros(physicalBlockSize / blockSize);
    }
}
