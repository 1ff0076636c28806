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
    }

    public long capacityBytes() {
        return blockCount * blockSize;
    }

    public long lastLba() {
        return blockCount - 1;
    }
}
