package io.pagewire.streams.devices;

import io.pagewire.streams.spi.DeviceHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a built-in handler by backend name. Configuration parsing lives in the actor layer; this
 * only maps the already-validated values to a constructor.
 */
public final class DeviceHandlers {

    /** The backend names accepted by {@link #open}. */
    public static final List<String> BACKENDS =
            List.of(FileDeviceHandler.BACKEND, MemoryDeviceHandler.BACKEND, NullDeviceHandler.BACKEND);

    private DeviceHandlers() {
    }

    /**
     * Opens a handler of the given backend.
     *
     * @param backend   {@code "file"}, {@code "memory"} or {@code "null"}
     * @param path      the backing file; required for {@code "file"}, ignored (may be null) otherwise
     * @param sizeBytes capacity, a positive multiple of {@code blockSize}
     * @param blockSize logical block size, a power of two of at least 512
     * @throws IllegalArgumentException for an unknown backend, a missing path or a bad size
     * @see FileDeviceHandler#open(Path, long, int) for the file backend's other failures
     */
    public static DeviceHandler open(String backend, Path path, long sizeBytes, int blockSize) throws IOException {
        return open(backend, path, sizeBytes, blockSize, false);
    }

    /**
     * As above; with {@code readOnly} a file is opened read-only and must exist
     * ({@link FileDeviceHandler#openReadOnly}). The other backends ignore it: the command layer
     * refuses writes to a read-only LUN before they reach any device.
     */
    public static DeviceHandler open(String backend, Path path, long sizeBytes, int blockSize, boolean readOnly)
            throws IOException {
        switch (backend) {
            case FileDeviceHandler.BACKEND:
                if (path == null) {
                    throw new IllegalArgumentException("backend \"file\" needs a path");
                }
                return readOnly ? FileDeviceHandler.openReadOnly(path, sizeBytes, blockSize)
                        : FileDeviceHandler.open(path, sizeBytes, blockSize);
            case MemoryDeviceHandler.BACKEND:
                return MemoryDeviceHandler.create(sizeBytes, blockSize);
            case NullDeviceHandler.BACKEND:
                return NullDeviceHandler.create(sizeBytes, blockSize);
            default:
                throw new IllegalArgumentException("unknown device backend \"" + backend + "\", expected one of " + BACKENDS);
        }
    }
}
