package io.pagewire.actors.config;

import java.nio.file.Path;

/**
 * One logical unit as configured; {@code path} is null unless the backend is a file.
 * {@code writeCache}: false makes every WRITE durable before its status (WCE = 0).
 */
public record LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize, boolean writeCache) {

    /** With the write cache enabled, the default. */
    public LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize) {
        this(lun, backend, path, sizeBytes, blockSize, true);
    }
}
