package io.pagewire.actors.config;

import java.nio.file.Path;

/** One logical unit as configured; {@code path} is null unless the backend is a file. */
public record LunConfig(int lun, Backend backend, Path path, long sizeBytes, int blockSize) {
}
