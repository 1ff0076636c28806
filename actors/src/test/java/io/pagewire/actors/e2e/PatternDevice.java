package io.pagewire.actors.e2e;

import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-only LUN whose every byte is known from its address: 4-byte word {@code w} of block
 * {@code lba} holds {@code lba * 1000 + w}. A byte that arrives from the wrong block, or from a
 * page reused before it was sent, cannot match.
 */
final class PatternDevice implements DeviceHandler {
    static final int BLOCK = 512;
    private final long blocks;

    PatternDevice(long blocks) {
        this.blocks = blocks;
    }

    /** The big-endian word at byte {@code byteOffset} (a multiple of 4). */
    static int word(long byteOffset) {
        return (int) ((byteOffset / BLOCK) * 1000 + (byteOffset % BLOCK) / 4);
    }

    @Override
    public Geometry geometry() {
        return new Geometry(BLOCK, blocks);
    }

    @Override
    public void read(long byteOffset, ByteBuffer dst) throws IOException {
        if (byteOffset < 0 || byteOffset + dst.remaining() > blocks * BLOCK) {
            throw new IOException("out of range");
        }
        for (long at = byteOffset; dst.hasRemaining(); at += 4) {
            dst.putInt(word(at));
        }
    }

    @Override
    public void write(long byteOffset, ByteBuffer src) throws IOException {
        throw new IOException("pattern device is read-only");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
