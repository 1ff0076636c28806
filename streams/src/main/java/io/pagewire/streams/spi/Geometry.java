package io.pagewire.streams.spi;

/** Size of a logical unit: {@code blockCount} blocks of {@code blockSize} bytes. */
public record Geometry(int blockSize, long blockCount) {
    public Geometry {
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two >= 512, got " + blockSize);
        }
        if (blockCount <= 0) {
            throw new IllegalArgumentException("block count must be positive, got " + blockCount);
        }
        if (blockCount > Long.MAX_VALUE / blockSize) {
            throw new IllegalArgumentException("capacity overflows: " + blockCount + " blocks of " + blockSize);
        }
    }

    /**
     * The geometry of a device of {@code sizeBytes} bytes.
     *
     * @throws IllegalArgumentException if the size is not a positive multiple of the block size
     */
    public static Geometry ofBytes(long sizeBytes, int blockSize) {
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + sizeBytes);
        }
        if (blockSize > 0 && sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException(
                    "size " + sizeBytes + " is not a multiple of the block size " + blockSize);
        }
        return new Geometry(blockSize, blockSize > 0 ? sizeBytes / blockSize : 0);
    }

    public long capacityBytes() {
        return blockCount * blockSize;
    }

    public long lastLba() {
        return blockCount - 1;
    }

    /**
     * Whether {@code length} bytes starting at {@code byteOffset} lie inside the device. Safe
     * against overflow for any offset and length; an empty range is inside if it starts at or
     * before the end.
     */
    public boolean containsRange(long byteOffset, long length) {
        return byteOffset >= 0 && length >= 0 && byteOffset <= capacityBytes() - length;
    }
}
