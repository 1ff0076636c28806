package io.pagewire.streams.devices;

import java.nio.file.Path;

/**
 * An existing backing file does not have the configured size. Pagewire never grows or shrinks a
 * backing file on its own: either the configuration or the file is wrong, and guessing would lose
 * data or report a capacity the initiator's file system does not expect.
 */
public final class DeviceSizeMismatchException extends IllegalStateException {

    private final transient Path path;
    private final long actualBytes;
    private final long configuredBytes;

    public DeviceSizeMismatchException(Path path, long actualBytes, long configuredBytes) {
        super("backing file " + path + " has " + actualBytes + " bytes but the logical unit is configured with "
                + configuredBytes + " bytes; fix the configured size or resize the file");
        this.path = path;
        this.actualBytes = actualBytes;
        this.configuredBytes = configuredBytes;
    }

    public Path path() {
        return path;
    }

    public long actualBytes() {
        return actualBytes;
    }

    public long configuredBytes() {
        return configuredBytes;
    }
}
