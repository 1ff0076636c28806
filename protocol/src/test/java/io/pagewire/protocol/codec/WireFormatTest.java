package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Exact byte positions, against hex written by hand from RFC 7143 §11. Each test checks both directions. */
class WireFormatTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everythingReleased() {
        alloc.assertAllReleased();
    }

    /** The READ(10) example of RFC 3720 Appendix B.4, with its published header digest. */
    @Test
    void scsiCommandReadTenFromTheRfcExample() {
        byte[] cdb = hex("28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00");
        ScsiCommand command = new ScsiCommand(false, true, true, false, 0, 0, 0x1400_0000, 0x400, 0x14, 0x18,
                cdb, -1, Unpooled.EMPTY_BUFFER);
        byte[] expected = hex("""
                01 c0 00 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00
                14 00 00 00 | 00 00 04 00 | 00 00 00 14 | 00 00 00 18
                28 00 00 00 | 00 00 00 00 | 02 00 00 00 | 00 00 00 00
                56 3a 96 d9""");
        assertEncodesAndDecodes(command, expected, true, false);
    }

    @Test
    void scsiCommandWriteWithImmediateDataAndTaskAttribute() {
        byte[] cdb = hex("2a 00 00 00 10 00 00 00 01 00 00 00 00 00 00 00");
        ScsiCommand command = new ScsiCommand(true, false, false, true, 2, 0x0001_0000_0000_0000L, 7, 512, 9, 3,
                cdb, -1, Unpooled.wrappedBuffer(hex("de ad be ef 01")));
        byte[] expected = hex("""
                41 22 00 00 | 00 00 00 05 | 00 01 00 00 | 00 00 00 00
                00 00 00 07 | 00 00 02 00 | 00 00 00 09 | 00 00 00 03
                2a 00 00 00 | 10 00 00 00 | 01 00 00 00 | 00 00 00 00
                de ad be ef | 01 00 00 00""");
        assertEncodesAndDecodes(command, expected, false, false);
    }

    @Test
    void dataInWithStatus() {
        DataIn dataIn = new DataIn(true, false, false, true, true, 0, 0x0001_0000_0000_0000L, 0x1122_3344,
                Pdu.RESERVED_TAG, 5, 0x0a, 0x2a, 3, 0x3000, 0x200, Unpooled.wrappedBuffer(hex("01 02 03 04 05 06")));
        byte[] expected = hex("""
                25 83 00 00 | 00 00 00 06 | 00 01 00 00 | 00 00 00 00
                11 22 33 44 | ff ff ff ff | 00 00 00 05 | 00 00 00 0a
                00 00 00 2a | 00 00 00 03 | 00 00 30 00 | 00 00 02 00
                01 02 03 04 | 05 06 00 00""");
        assertEncodesAndDecodes(dataIn, expected, false, false);
    }

    @Test
    void dataInWithAckAndOverflowAndStatusByte() {
        DataIn dataIn = new DataIn(false, true, true, false, true, 0x02, 0, 1, 0x77, 6, 7, 8, 9, 10, 11,
                Unpooled.wrappedBuffer(hex("aa")));
        byte[] expected = hex("""
                25 45 00 02 | 00 00 00 01 | 00 00 00 00 | 00 00 00 00
                00 00 00 01 | 00 00 00 77 | 00 00 00 06 | 00 00 00 07
                00 00 00 08 | 00 00 00 09 | 00 00 00 0a | 00 00 00 0b
                aa 00 00 00""");
        assertEncodesAndDecodes(dataIn, expected, false, false);
    }

    @Test
    void loginResponseMovingToFullFeaturePhase() {
        LoginResponse response = new LoginResponse(true, false, 1, 3, 0, 0, 0x0002_3d00_0001L, 0x1234, 2, 1, 2,
                0x21, 0, 0, Unpooled.wrappedBuffer("HeaderDigest=None\0".getBytes(StandardCharsets.US_ASCII)));
        byte[] expected = Wire.concat(hex("""
                23 87 00 00 | 00 00 00 12 | 00 02 3d 00 | 00 01 12 34
                00 00 00 02 | 00 00 00 00 | 00 00 00 01 | 00 00 00 02
                00 00 00 21 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00"""),
                "HeaderDigest=None\0".getBytes(StandardCharsets.US_ASCII), hex("00 00"));
        assertEncodesAndDecodes(response, expected, false, false);
    }

    @Test
    void loginResponseWithStatusClassAndDetail() {
        LoginResponse response = new LoginResponse(false, true, 0, 0, 0, 0, 0x0002_3d00_0001L, 0, 1, 0, 1, 1,
                0x02, 0x01, Unpooled.EMPTY_BUFFER);
        byte[] expected = hex("""
                23 40 00 00 | 00 00 00 00 | 00 02 3d 00 | 00 01 00 00
                00 00 00 01 | 00 00 00 00 | 00 00 00 00 | 00 00 00 01
                00 00 00 01 | 02 01 00 00 | 00 00 00 00 | 00 00 00 00""");
        assertEncodesAndDecodes(response, expected, false, false);
    }

    /** Login Request always carries the I bit (§11.12): byte 0 is 0x43. */
    @Test
    void loginRequestSecurityToOperational() {
        LoginRequest request = new LoginRequest(true, false, 0, 1, 0, 0, 0x0002_3d00_0001L, 0, 0, 0x0102, 0, 0,
                Unpooled.EMPTY_BUFFER);
        byte[] expected = hex("""
                43 81 00 00 | 00 00 00 00 | 00 02 3d 00 | 00 01 00 00
                00 00 00 00 | 01 02 00 00 | 00 00 00 00 | 00 00 00 00
                00 00 00 00 | 00 00 00 00 | 00 00 00 00 | 00 00 00 00""");
        assertEncodesAndDecodes(request, expected, false, false);
    }

    @Test
    void readyToTransfer() {
        R2t r2t = new R2t(0x0002_0000_0000_0000L, 0xabcd, 7, 0x10, 0x20, 0x40, 1, 0x1_0000, 0x4_0000);
        byte[] expected = hex("""
                31 80 00 00 | 00 00 00 00 | 00 02 00 00 | 00 00 00 00
                00 00 ab cd | 00 00 00 07 | 00 00 00 10 | 00 00 00 20
                00 00 00 40 | 00 00 00 01 | 00 01 00 00 | 00 04 00 00""");
        assertEncodesAndDecodes(r2t, expected, false, false);
    }

    /** 20-byte CDB: AHSLength 5 (reserved byte + 4 CDB bytes), type 1, no padding needed. */
    @Test
    void extendedCdbAhsLayout() {
        ScsiCommand command = new ScsiCommand(false, true, false, false, 1, 0, 1, 0, 2, 3,
                PduSamples.cdb(20), -1, Unpooled.EMPTY_BUFFER);
        byte[] expected = hex("""
                01 81 00 00 | 02 00 00 00 | 00 00 00 00 | 00 00 00 00
                00 00 00 01 | 00 00 00 00 | 00 00 00 02 | 00 00 00 03
                a0 a1 a2 a3 | a4 a5 a6 a7 | a8 a9 aa ab | ac ad ae af
                00 05 01 00 | b0 b1 b2 b3""");
        assertEncodesAndDecodes(command, expected, false, false);
    }

    /** 17-byte CDB (AHSLength 2, three bytes of AHS padding) followed by the bidirectional read AHS. */
    @Test
    void extendedCdbThenBidiReadAhsLayout() {
        ScsiCommand command = new ScsiCommand(false, true, true, true, 0, 0, 1, 0x200, 2, 3,
                PduSamples.cdb(17), 0x1000, Unpooled.EMPTY_BUFFER);
        byte[] expected = hex("""
                01 e0 00 00 | 04 00 00 00 | 00 00 00 00 | 00 00 00 00
                00 00 00 01 | 00 00 02 00 | 00 00 00 02 | 00 00 00 03
                a0 a1 a2 a3 | a4 a5 a6 a7 | a8 a9 aa ab | ac ad ae af
                00 02 01 00 | b0 00 00 00 | 00 05 02 00 | 00 00 10 00""");
        assertEncodesAndDecodes(command, expected, false, false);
    }

    @Test
    void bidiReadAhsAloneWithHeaderDigestCoveringIt() {
        ScsiCommand command = new ScsiCommand(false, true, true, true, 0, 0, 1, 0x200, 2, 3,
                PduSamples.cdb(16), 0xffff_fff0, Unpooled.EMPTY_BUFFER);
        byte[] header = hex("""
                01 e0 00 00 | 02 00 00 00 | 00 00 00 00 | 00 00 00 00
                00 00 00 01 | 00 00 02 00 | 00 00 00 02 | 00 00 00 03
                a0 a1 a2 a3 | a4 a5 a6 a7 | a8 a9 aa ab | ac ad ae af
                00 05 02 00 | ff ff ff f0""");
        ByteBuf digest = Unpooled.buffer(4).writeIntLE(Crc32c.of(Unpooled.wrappedBuffer(header), 0, header.length));
        assertEncodesAndDecodes(command, Wire.concat(header, Wire.bytes(digest)), true, false);
    }

    /** Encodes {@code pdu}, compares with {@code expected}, decodes {@code expected} and compares with {@code pdu}. */
    private void assertEncodesAndDecodes(Pdu pdu, byte[] expected, boolean headerDigest, boolean dataDigest) {
        assertEquals(hex(expected), hex(Wire.frame(pdu, headerDigest, dataDigest)));
        EmbeddedChannel decoder = Wire.decoder(alloc, new PduLimits(8192, headerDigest, dataDigest));
        Wire.writeInbound(decoder, alloc, expected);
        List<Object> decoded = Wire.readInbound(decoder);
        assertEquals(1, decoded.size());
        PduSamples.assertSamePdu(pdu, decoded.get(0));
        PduSamples.releaseAll(decoded);
        assertFalse(decoder.finishAndReleaseAll());
    }

    @Test
    void writeBhsWritesExactlyFortyEightBytesAtTheWriterIndex() {
        R2t r2t = new R2t(0, 1, 2, 3, 4, 5, 6, 7, 8);
        ByteBuf out = Unpooled.buffer().writeBytes(hex("ee ee"));
        PduEncoder.writeBhs(r2t, out);
        assertEquals(50, out.readableBytes());
        assertArrayEquals(Wire.frame(r2t, false, false), Wire.bytes(out.skipBytes(2)));
    }
}
