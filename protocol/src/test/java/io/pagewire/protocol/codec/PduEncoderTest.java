package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PduEncoderTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everythingReleased() {
        alloc.assertAllReleased();
    }

    private static DataIn dataIn(ByteBuf page) {
        return new DataIn(true, false, false, false, true, 0, 0, 1, Pdu.RESERVED_TAG, 2, 3, 4, 0, 0, 0, page);
    }

    @Test
    void oneSharedInstancePerDigestSetting() {
        assertSame(PduEncoder.of(false, false), PduEncoder.of(false, false));
        assertSame(PduEncoder.of(true, true), PduEncoder.of(true, true));
        assertTrue(PduEncoder.of(true, false).headerDigest());
        assertFalse(PduEncoder.of(true, false).dataDigest());
        assertTrue(PduEncoder.of(false, true).dataDigest());
        assertTrue(PduEncoder.of(false, false).isSharable());
    }

    @Test
    void pagePayloadGoesOutAsIsBetweenHeaderAndNothingElse() {
        ByteBuf page = alloc.heapBuffer(4096).writeZero(4096);
        EmbeddedChannel channel = Wire.channel(alloc, PduEncoder.of(false, false));
        assertTrue(channel.writeOutbound(dataIn(page)));

        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        assertNull(channel.readOutbound(), "no padding buffer for a word-aligned segment");
        assertEquals(48, header.readableBytes());
        assertTrue(header.isDirect());
        assertSame(page.array(), payload.array(), "the page itself, not a copy");
        assertEquals(4096, payload.readableBytes());
        assertEquals(1, page.refCnt(), "the PDU's reference travels with the payload");
        header.release();
        payload.release();
        assertEquals(0, page.refCnt());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writingDoesNotMoveThePdusReaderIndex() {
        ByteBuf page = alloc.heapBuffer(8).writeLong(42);
        DataIn pdu = dataIn(page);
        EmbeddedChannel channel = Wire.channel(alloc, PduEncoder.of(false, false));
        channel.writeOutbound(pdu.retain());
        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        payload.skipBytes(8);
        assertEquals(8, pdu.data().readableBytes());
        header.release();
        payload.release();
        pdu.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {1, 2, 3, 5, 6, 7})
    void paddingAndDataDigestFollowInOneSmallBuffer(int length) {
        ByteBuf data = PduSamples.data(alloc, length);
        ByteBuf expectedDigestInput = Unpooled.buffer().writeBytes(data, 0, length).writeZero(-length & 3);
        EmbeddedChannel channel = Wire.channel(alloc, PduEncoder.of(true, true));
        channel.writeOutbound(new NopIn(0, 1, Pdu.RESERVED_TAG, 0, 0, 0, data));

        ByteBuf header = channel.readOutbound();
        ByteBuf payload = channel.readOutbound();
        ByteBuf trailer = channel.readOutbound();
        assertEquals(52, header.readableBytes());
        assertEquals(Crc32c.of(header, 0, 48), header.getIntLE(48));
        assertEquals(length, payload.readableBytes());
        int padding = 4 - length % 4;
        assertEquals(padding + 4, trailer.readableBytes());
        for (int i = 0; i < padding; i++) {
            assertEquals(0, trailer.getByte(i));
        }
        assertEquals(Crc32c.of(expectedDigestInput, 0, expectedDigestInput.readableBytes()), trailer.getIntLE(padding));
        header.release();
        payload.release();
        trailer.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void emptySegmentIsHeaderOnlyEvenWithDataDigest() {
        EmbeddedChannel channel = Wire.channel(alloc, PduEncoder.of(false, true));
        channel.writeOutbound(new NopIn(0, 1, Pdu.RESERVED_TAG, 0, 0, 0, alloc.heapBuffer(0)));
        ByteBuf header = channel.readOutbound();
        assertEquals(48, header.readableBytes());
        assertNull(channel.readOutbound());
        header.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void fieldTooWideForTheWireFailsTheWriteAndReleasesThePdu() {
        ByteBuf data = alloc.heapBuffer(4).writeInt(1);
        LoginResponse badStage = new LoginResponse(true, false, 4, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, data);
        EmbeddedChannel channel = Wire.channel(alloc, PduEncoder.of(true, true));
        EncoderException thrown = assertThrows(EncoderException.class, () -> channel.writeOutbound(badStage));
        assertInstanceOf(IllegalArgumentException.class, thrown.getCause());
        assertEquals(0, data.refCnt());
        assertNull(channel.readOutbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void writeBhsRejectsValuesThatWouldBeTruncated() {
        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(
                new TaskManagementRequest(false, 0x80, 0, 1, 2, 3, 4, 5, 6), out));
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(
                new LogoutRequest(false, 0, 1, 0x1_0000, 0, 0), out));
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(
                new LoginResponse(true, false, 1, 3, 0, 0, 1L << 48, 0, 1, 0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER), out));
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(
                new ScsiCommand(false, true, false, false, 8, 0, 1, 0, 0, 0, new byte[16], -1, Unpooled.EMPTY_BUFFER),
                out));
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(
                new ScsiCommand(false, true, false, false, 0, 0, 1, 0, 0, 0, new byte[1100], -1, Unpooled.EMPTY_BUFFER),
                out));
    }

    @Test
    void dataSegmentBeyondTwentyFourBitsIsRefused() {
        ByteBuf huge = Unpooled.wrappedBuffer(new byte[1 << 24]);
        NopIn nopIn = new NopIn(0, 1, Pdu.RESERVED_TAG, 0, 0, 0, huge);
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.writeBhs(nopIn, Unpooled.buffer()));
    }

    @Test
    void staticEncodeLeavesThePduToTheCaller() {
        ByteBuf data = alloc.heapBuffer(3).writeBytes(hex("01 02 03"));
        NopIn nopIn = new NopIn(0, 1, Pdu.RESERVED_TAG, 0, 0, 0, data);
        ByteBuf frame = PduEncoder.encode(nopIn, alloc, false, true);
        assertEquals(48 + 4 + 4, frame.readableBytes());
        assertEquals(2, data.refCnt());
        frame.release();
        assertEquals(1, data.refCnt());
        assertArrayEquals(hex("01 02 03"), Wire.bytes(nopIn.data()));
        nopIn.release();
    }
}
