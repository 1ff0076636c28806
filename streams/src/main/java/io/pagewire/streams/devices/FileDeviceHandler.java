package io.pagewire.streams.devices;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Backend {@value #BACKEND}: a regular file of fixed size, accessed with positional
 * {@link FileChannel} reads and writes straight into and out of the pages (no intermediate copy
 * for direct buffers). Positional I/O ({@code pread}/{@code pwrite}) does not touch the channel's
 * position, so concurrent calls from the pipeline's threads need no locking here.
 *
 * <p>Durability: {@link #flush()} is {@code force(false)} ({@code fdatasync}). The file's length is
 * set once, when it is created, and made durable there with {@code force(true)} and a sync of the
 * parent directory; afterwards writes only change data, never the length, and the metadata
 * {@code fdatasync} skips (timestamps) is not needed to read the data back after a crash.
 * Allocation of blocks in a sparse file is covered by {@code fdatasync}, since the data cannot be
 * retrieved without it.
 *
 * <p>The file is locked ({@link FileChannel#tryLock()}) while open, so two logical units, or two
 * target processes, cannot write to the same backing file.
 *
 * <p>The blocking executor that runs the I/O must not interrupt its threads: an interrupt during a
 * channel operation closes the channel ({@link java.nio.channels.ClosedByInterruptException}) and
 * every later call fails until the handler is reopened.
 */
public final class FileDeviceHandler implements DeviceHandler {

    public static final String BACKEND = "file";

    private final Path path;
    private final Geometry geometry;
    private final FileChannel channel;
    private final FileLock lock;
    /** Hole punching and SEEK_DATA where the platform has them; null: zeros are written, all is mapped. */
    private final FileHoles holes;
    /**
     * The file lives in memory (tmpfs, e.g. /dev/shm): a plain read never waits for a medium. tmpfs
     * refuses RWF_NOWAIT (EOPNOTSUPP on Linux 6.18), so it needs no {@link #cachedReads}.
     */
    private final boolean inMemory;
    /** Page-cache reads that never wait for the disk; null in memory or where the platform has none. */
    private final CachedReads cachedReads;

    private FileDeviceHandler(Path path, Geometry geometry, FileChannel channel, FileLock lock, FileHoles holes) {
        this.holes = holes;
        this.inMemory = inMemory(path);
        this.cachedReads = inMemory ? null : CachedReads.open(path);
        this.path = path;
        this.geometry = geometry;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens the backing file at {@code path}, creating it (and its parent directories) if missing.
     * A new file is made sparse: its length is set to {@code sizeBytes} without writing anything.
     * An existing file keeps its data and must already be exactly {@code sizeBytes} long.
     *
     * @throws IllegalArgumentException     if {@code sizeBytes} is not a positive multiple of
     *                                      {@code blockSize}, or the block size is not a power of
     *                                      two of at least 512
     * @throws DeviceSizeMismatchException  if the existing file's size differs from {@code sizeBytes}
     * @throws IllegalStateException        if the file is already open by this or another process
     * @throws IOException                  if the file cannot be created, opened or sized
     */
    public static FileDeviceHandler open(Path path, long sizeBytes, int blockSize) throws IOException {
        Geometry geometry = Geometry.ofBytes(sizeBytes, blockSize);
        Path file = path.toAbsolutePath();
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean created;
        try {
            Files.createFile(file);
            created = true;
        } catch (FileAlreadyExistsException e) {
            created = false;
        }
        if (!created && !Files.isRegularFile(file)) {
            throw new IOException("backing file " + file + " exists but is not a regular file");
        }
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
        FileChannel channel = raf.getChannel();
        FileLock lock = null;
        try {
            lock = lock(file, channel);
            if (created) {
                raf.setLength(sizeBytes); // ftruncate: sparse, nothing written
                channel.force(true);
                syncDirectory(parent);
            } else {
                long actual = channel.size();
                if (actual != sizeBytes) {
                    throw new DeviceSizeMismatchException(file, actual, sizeBytes);
                }
            }
            return new FileDeviceHandler(file, geometry, channel, lock, FileHoles.open(file, sizeBytes));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            if (created) {
                // Do not leave an empty file behind: the next attempt would see a size mismatch.
                try {
                    Files.deleteIfExists(file);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Opens an existing backing file of exactly {@code sizeBytes} for reading only (a read-only LUN):
     * the descriptor is {@code O_RDONLY} and the lock shared, so other readers may open the file but
     * no writer. Writes fail with an {@link IOException}; nothing is created.
     *
     * @throws IOException                 if the file does not exist or cannot be opened
     * @throws DeviceSizeMismatchException if its size differs from {@code sizeBytes}
     * @throws IllegalStateException       if a writer holds it
     */
    public static FileDeviceHandler openReadOnly(Path path, long sizeBytes, int blockSize) throws IOException {
        Geometry geometry = Geometry.ofBytes(sizeBytes, blockSize);
        Path file = path.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IOException("backing file " + file + " of a read-only LUN does not exist or is not a regular file");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            FileLock lock = lock(file, channel, true);
            long actual = channel.size();
            if (actual != sizeBytes) {
                throw new DeviceSizeMismatchException(file, actual, sizeBytes);
            }
            return new FileDeviceHandler(file, geometry, channel, lock, null);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static FileLock lock(Path file, FileChannel channel) throws IOException {
        return lock(file, channel, false);
    }

    private static FileLock lock(Path file, FileChannel channel, boolean shared) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("backing file " + file + " is already open in this process", e);
        }
        if (lock == null) {
            throw new IllegalStateException("backing file " + file + " is locked by another process");
        }
        return lock;
    }

    /** Makes the new directory entry durable (POSIX: fsync the file and its directory). */
    private static void syncDirectory(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception primary) {
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public void read(long byteOffset, ByteBuffer dst) throws IOException {
        DeviceIo.checkRange(path.toString(), geometry, byteOffset, dst.remaining());
        long position = byteOffset;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                // The size is fixed, so this means the file was truncated behind our back.
                throw new EOFException(path + ": end of file at byte " + position + " of a device of "
                        + geometry.capacityBytes() + " bytes (file truncated by someone else?)");
            }
            position += n;
        }
    }

    /**
     * A file in memory is read as usual; any other with {@code preadv2(RWF_NOWAIT)} ({@link CachedReads}),
     * which copies from the page cache or answers false.
     */
    @Override
    public boolean readIfCached(long byteOffset, ByteBuffer dst) throws IOException {
        if (inMemory) {
            read(byteOffset, dst);
            return true;
        }
        DeviceIo.checkRange(path.toString(), geometry, byteOffset, dst.remaining());
        return cachedReads != null && dst.isDirect() && cachedReads.read(byteOffset, dst);
    }

    private static boolean inMemory(Path file) {
        try {
            return "tmpfs".equals(Files.getFileStore(file).type());
        } catch (IOException e) {
            return false; // unknown: treat it as a disk
        }
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) throws IOException {
        DeviceIo.checkRange(path.toString(), geometry, byteOffset, src.remaining());
        checkWritable();
        long position = byteOffset;
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
    }

    /**
     * Punches a hole ({@link FileHoles}): the blocks go back to the file system and read as zeros.
     * Where that is not available, writes zeros.
     */
    @Override
    public void unmap(long byteOffset, long length) throws IOException {
        if (!geometry.containsRange(byteOffset, length)) {
            throw new IOException(path + ": unmap of " + length + " bytes at " + byteOffset + " is outside the device");
        }
        checkWritable();
        if (holes == null || !holes.punch(byteOffset, length)) {
            DeviceHandler.super.unmap(byteOffset, length);
        }
    }

    /** Holes of the sparse file are deallocated, data is mapped (SEEK_DATA / SEEK_HOLE). */
    @Override
    public ProvisioningState provisioning(long byteOffset) throws IOException {
        if (holes == null) {
            return DeviceHandler.super.provisioning(byteOffset);
        }
        if (byteOffset < 0 || byteOffset >= geometry.capacityBytes()) {
            throw new IOException(path + ": offset " + byteOffset + " is outside the device");
        }
        return holes.state(byteOffset);
    }

    private void checkWritable() throws IOException {
        if (lock.isShared()) {
            throw new IOException(path + ": opened read-only");
        }
    }

    /** {@code fdatasync}: see the class comment for why data-only is enough. */
    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    /** Releases the lock and closes the file; does not flush (the pipeline flushes before closing). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            if (holes != null) {
                holes.close();
            }
            if (cachedReads != null) {
                cachedReads.close();
            }
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "FileDeviceHandler[" + path + ", " + geometry + "]";
    }
}
