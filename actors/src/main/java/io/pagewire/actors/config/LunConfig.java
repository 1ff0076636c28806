package io.pagewire.actors.config;

import java.nio.file.Path;

/**
 * One logical unit as configured; {@code path} is null unless the backend is a file.
 * {@code removable}: the medium can be ejected and loaded (RMB, START STOP UNIT with LOEJ).
 */
public record LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize, boolean removable) {
    public LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize) {
        this(lun, backend, path, sizeBytes, blockSize, false);
    }
}
