package io.pagewire.streams.devices;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holes in a backing file, on Linux through JNA: {@code fallocate(FALLOC_FL_PUNCH_HOLE |
 * FALLOC_FL_KEEP_SIZE)} gives a range's blocks back to the file system (reads return zeros), and
 * {@code lseek(SEEK_DATA / SEEK_HOLE)} tells which ranges hold data — neither is in Java 17. Works on
 * a descriptor of its own for the same file; block allocation belongs to the inode, so the
 * FileChannel's {@code fdatasync} covers it. {@link #open} answers null where this is not available
 * (not Linux, JNA not loadable, the file system cannot punch holes): the handler then writes zeros
 * and reports everything mapped.
 */
final class FileHoles implements AutoCloseable {

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;

    /** The libc calls used; declared to throw so that errno comes back with the failure. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

        long lseek(int fd, long offset, int whence) throws LastErrorException;
    }

    private static final LibC LIBC = load();

    private final LibC libc;
    private final int fd;
    private final long size;
    /**
     * Set once by {@link #close}: the descriptor number may be reused by another file afterwards, so
     * no call may reach it (the pipeline closes the handler only after its last I/O).
     */
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileHoles(LibC libc, int fd, long size) {
        this.libc = libc;
        this.fd = fd;
        this.size = size;
    }

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return Native.load("c", LibC.class);
        } catch (Throwable e) { // UnsatisfiedLinkError, no native JNA for this platform
            return null;
        }
    }

    /**
     * Hole support for the file at {@code path} of {@code size} bytes, or null if unavailable. Probes
     * with {@code lseek(SEEK_HOLE)} at 0: a file system without it fails with EINVAL.
     */
    static FileHoles open(Path path, long size) {
        if (LIBC == null) {
            return null;
        }
        int fd;
        try {
            fd = LIBC.open(path.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            return null;
        }
        try {
            LIBC.lseek(fd, 0, SEEK_HOLE); // EINVAL where the file system has no SEEK_HOLE
            return new FileHoles(LIBC, fd, size);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            return null;
        }
    }

    /**
     * Deallocates the range. @return false if the file system cannot punch holes (EOPNOTSUPP):
     * the caller writes zeros instead.
     */
    boolean punch(long offset, long length) throws IOException {
        checkOpen();
        try {
            libc.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 95) { // EOPNOTSUPP
                return false;
            }
            throw new IOException("fallocate(PUNCH_HOLE) of " + length + " bytes at " + offset + ": errno "
                    + e.getErrorCode(), e);
        }
    }

    /** Whether {@code offset} holds data, and how far that state reaches (to the end of the file at most). */
    ProvisioningState state(long offset) throws IOException {
        checkOpen();
        try {
            long data;
            try {
                data = libc.lseek(fd, offset, SEEK_DATA);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != ENXIO) {
                    throw e;
                }
                data = size; // no data from here to the end
            }
            if (data > offset) {
                return new ProvisioningState(false, Math.min(data, size) - offset);
            }
            long hole = libc.lseek(fd, offset, SEEK_HOLE);
            return new ProvisioningState(true, Math.min(hole, size) - offset);
        } catch (LastErrorException e) {
            throw new IOException("lseek at " + offset + ": errno " + e.getErrorCode(), e);
        }
    }

    private void checkOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("file holes: descriptor closed");
        }
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(fd);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LIBC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing left to do with a descriptor that will not close
        }
    }
}
