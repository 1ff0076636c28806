package io.pagewire.streams.devices;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads of a backing file that never wait for the disk: {@code preadv2(..., RWF_NOWAIT)} (Linux 4.14)
 * copies what is in the page cache and fails with EAGAIN where it would have to wait for the medium.
 * Java 17 has no such call, so this goes through JNA (direct mapping: one native call, no proxy). A
 * read that answers false leaves the buffer's contents undefined; the caller reads again with a
 * plain, blocking read on an I/O thread. Works on a descriptor of its own ({@code O_RDONLY}).
 * {@link #open} answers null where this is not available (not Linux, JNA not loadable, a kernel or
 * file system without RWF_NOWAIT).
 */
final class CachedReads implements AutoCloseable {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int RWF_NOWAIT = 0x08;
    private static final int EAGAIN = 11;
    private static final boolean AVAILABLE = register();
    /** One {@code struct iovec} per thread: {@code {void *iov_base; size_t iov_len}}. */
    private static final ThreadLocal<Memory> IOVEC = ThreadLocal.withInitial(() -> new Memory(16));

    private final int fd;
    /** Set once by {@link #close}: the descriptor number may be reused by another file afterwards. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private CachedReads(int fd) {
        this.fd = fd;
    }

    private static boolean register() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            Native.register(CachedReads.class, "c");
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, no native JNA for this platform
            return false;
        }
    }

    private static native int open(String path, int flags) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native long preadv2(int fd, Pointer iov, int iovcnt, long offset, int flags)
            throws LastErrorException;

    /** Cached reads of the file at {@code path}, or null where they are not available. Probes with one read at 0. */
    static CachedReads open(Path path) {
        if (!AVAILABLE) {
            return null;
        }
        int fd;
        try {
            fd = open(path.toString(), O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            return null;
        }
        CachedReads reads = new CachedReads(fd);
        try {
            reads.read(0, ByteBuffer.allocateDirect(1)); // EOPNOTSUPP / EINVAL where RWF_NOWAIT is unknown
            return reads;
        } catch (IOException | RuntimeException e) {
            reads.close();
            return null;
        }
    }

    /**
     * Fills {@code dst} (a direct buffer) from its position to its limit with the bytes at
     * {@code offset}, if they are all in memory. @return false if some are not (EAGAIN) or the file
     * ends first; the position is then unspecified.
     */
    boolean read(long offset, ByteBuffer dst) throws IOException {
        if (closed.get()) {
            throw new IOException("cached reads used after close");
        }
        Memory iov = IOVEC.get();
        Pointer base = Native.getDirectBufferPointer(dst);
        long position = offset;
        while (dst.hasRemaining()) {
            iov.setPointer(0, base.share(dst.position()));
            iov.setLong(8, dst.remaining());
            long n;
            try {
                n = preadv2(fd, iov, 1, position, RWF_NOWAIT);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return false;
                }
                throw new IOException("preadv2(RWF_NOWAIT) of " + dst.remaining() + " bytes at " + position
                        + ": errno " + e.getErrorCode(), e);
            }
            if (n <= 0) {
                return false; // end of file: the blocking read reports it
            }
            dst.position(dst.position() + (int) n);
            position += n;
        }
        return true;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // nothing was written through this descriptor: nothing can be lost
            }
        }
    }
}
