package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The digest and its byte order, against the CRC examples of RFC 3720 Appendix B.4. The RFC lists
 * the CRC as the bytes sent: least significant byte of the CRC32C value first.
 */
class Crc32cTest {

    private static String wire(byte[] message) {
        ByteBuf digest = Unpooled.buffer(4).writeIntLE(Crc32c.of(Unpooled.wrappedBuffer(message), 0, message.length));
        return hex(Wire.bytes(digest));
    }

    @Test
    void thirtyTwoBytesOfZeroes() {
        assertEquals(0x8a91_36aa, Crc32c.of(Unpooled.wrappedBuffer(new byte[32]), 0, 32));
        assertEquals("aa36918a", wire(new byte[32]));
    }

    @Test
    void thirtyTwoBytesOfOnes() {
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        assertEquals("43aba862", wire(ones));
    }

    @Test
    void incrementingAndDecrementingBytes() {
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        assertEquals("4e79dd46", wire(up));
        assertEquals("5cdb3f11", wire(down));
    }

    @Test
    void readCommandPduExample() {
        byte[] bhs = hex("""
                01 c0 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                14 00 00 00 00 00 04 00 00 00 00 14 00 00 00 18
                28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00""");
        assertEquals("563a96d9", wire(bhs));
    }

    @Test
    void directAndCompositeBuffersDigestLikeHeapBuffers() {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) 0xff);
        ByteBuf direct = Unpooled.directBuffer(40).writeZero(3).writeBytes(bytes);
        CompositeByteBuf composite = Unpooled.compositeBuffer()
                .addComponent(true, Unpooled.directBuffer().writeBytes(bytes, 0, 10))
                .addComponent(true, Unpooled.wrappedBuffer(bytes, 10, 22));
        try {
            assertEquals(0x62a8_ab43, Crc32c.of(direct, 3, 32));
            assertEquals(0x62a8_ab43, Crc32c.of(composite, 0, 32));
        } finally {
            direct.release();
            composite.release();
        }
    }

    @Test
    void dataDigestCoversTheZeroPadding() {
        ByteBuf data = Unpooled.wrappedBuffer(hex("01 02 03 04 05"));
        assertEquals(Crc32c.of(Unpooled.wrappedBuffer(hex("01 02 03 04 05 00 00 00")), 0, 8), Crc32c.ofPaddedData(data));
    }
}
