package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.PduSamples.releaseAll;
import static io.pagewire.protocol.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PduFrameDecoderTest {
    private static final PduLimits PLAIN = new PduLimits(8192, false, false);
    private static final PduLimits DIGESTS = new PduLimits(8192, true, true);

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everythingReleased() {
        alloc.assertAllReleased();
    }

    private static NopOut nopOut(int itt, byte[] data) {
        return new NopOut(true, 0, itt, Pdu.RESERVED_TAG, 1, 1, Unpooled.wrappedBuffer(data));
    }

    private static byte[] nopOutFrame(int itt, byte[] data, boolean digests) {
        return Wire.frame(nopOut(itt, data), digests, digests);
    }

    /** A frame without digests, built by hand: BHS with the given opcode byte and lengths, AHS, data, padding. */
    private static byte[] rawFrame(int opcodeByte, byte[] ahs, int dataSegmentLength, byte[] data) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(opcodeByte).writeByte(0x80).writeShort(0);
        frame.writeByte(ahs.length / 4).writeMedium(dataSegmentLength);
        frame.writeZero(8).writeInt(0x1234_5678).writeZero(28);
        frame.writeBytes(ahs).writeBytes(data).writeZero(Bhs.padding(data.length));
        return Wire.bytes(frame);
    }

    private EmbeddedChannel decoder(PduLimits limits) {
        return Wire.decoder(alloc, limits);
    }

    private static DecodeFailure onlyFailure(List<Object> messages) {
        assertEquals(1, messages.size(), messages.toString());
        return assertInstanceOf(DecodeFailure.class, messages.get(0));
    }

    @ParameterizedTest(name = "opcode 0x{0}")
    @ValueSource(ints = {0x07, 0x0f, 0x1c, 0x27, 0x3c})
    void reservedOpcodeIsSkippedWholeAndTheNextPduStillDecodes(int opcode) {
        byte[] unknown = rawFrame(opcode, hex("00 01 7f 00"), 5, hex("01 02 03 04 05"));
        assertEquals(48 + 4 + 8, unknown.length);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, Wire.concat(unknown, nopOutFrame(9, hex("aa bb"), false)));

        List<Object> messages = Wire.readInbound(channel);
        assertEquals(2, messages.size());
        DecodeFailure failure = assertInstanceOf(DecodeFailure.class, messages.get(0));
        assertEquals(RejectReason.COMMAND_NOT_SUPPORTED, failure.reason());
        assertFalse(failure.fatal());
        assertArrayEquals(Arrays.copyOf(unknown, 48), failure.header());
        NopOut next = assertInstanceOf(NopOut.class, messages.get(1));
        assertEquals(9, next.itt());
        assertEquals(Unpooled.wrappedBuffer(hex("aa bb")), next.data());
        releaseAll(messages);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void reservedOpcodeWithAnOversizedSegmentIsFatal() {
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, rawFrame(0x1c, new byte[0], 8193, new byte[0]));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void sixteenMebibyteSegmentFailsRightAfterTheBhsAndNothingIsBuffered() {
        byte[] bhs = Arrays.copyOf(nopOutFrame(1, new byte[0], false), 48);
        bhs[5] = (byte) 0xff;
        bhs[6] = (byte) 0xff;
        bhs[7] = (byte) 0xff;
        EmbeddedChannel channel = decoder(PLAIN);
        PduFrameDecoder decoder = Wire.decoderOf(channel);

        Wire.writeInbound(channel, alloc, Arrays.copyOf(bhs, 47));
        assertNull(channel.readInbound());
        assertEquals(47, decoder.bufferedBytes());

        Wire.writeInbound(channel, alloc, Wire.concat(new byte[] {bhs[47]}, new byte[1000]));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertArrayEquals(bhs, failure.header());
        assertTrue(failure.detail().contains("16777215"), failure.detail());
        assertEquals(0, decoder.bufferedBytes());

        // Everything after a fatal failure is dropped, even a well-formed PDU.
        Wire.writeInbound(channel, alloc, new byte[64 * 1024]);
        Wire.writeInbound(channel, alloc, nopOutFrame(2, hex("01"), false));
        assertNull(channel.readInbound());
        assertEquals(0, decoder.bufferedBytes());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void dataSegmentLengthIsCheckedAgainstTheLimitInclusively() {
        PduLimits limits = new PduLimits(512, false, false);
        EmbeddedChannel channel = decoder(limits);
        Wire.writeInbound(channel, alloc, nopOutFrame(1, new byte[512], false));
        NopOut atLimit = channel.readInbound();
        assertEquals(512, atLimit.data().readableBytes());
        atLimit.release();

        Wire.writeInbound(channel, alloc, nopOutFrame(2, new byte[513], false));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest(name = "flip byte {0}")
    @ValueSource(ints = {0, 1, 16, 47, 48, 51})
    void headerDigestMismatchIsFatal(int index) {
        byte[] frame = nopOutFrame(1, hex("01 02 03"), true);
        frame[index] ^= 0x01;
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, Wire.concat(frame, nopOutFrame(2, new byte[0], true)));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertTrue(failure.detail().startsWith("header digest mismatch"), failure.detail());
        assertTrue(failure.headerCorrupt(), "the session must not echo an untrusted header in a Reject");
        assertEquals(0, Wire.decoderOf(channel).bufferedBytes());
        assertFalse(channel.finishAndReleaseAll());
    }

    /** With a header digest the length is not trusted before the digest: the failure names the digest. */
    @Test
    void corruptedLengthUnderHeaderDigestIsReportedAsDigestMismatch() {
        byte[] frame = nopOutFrame(1, hex("01 02 03"), true);
        frame[5] = (byte) 0x7f;
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, frame);
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertTrue(failure.detail().startsWith("header digest mismatch"), failure.detail());
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest(name = "flip byte {0} after the header")
    @ValueSource(ints = {0, 4, 5, 7, 8, 11})
    void dataDigestMismatchIsFatal(int offset) {
        // 5 data bytes (0-4), 3 padding bytes (5-7), data digest (8-11).
        byte[] frame = nopOutFrame(1, hex("01 02 03 04 05"), true);
        assertEquals(52 + 12, frame.length);
        frame[52 + offset] ^= 0x10;
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, Wire.concat(frame, nopOutFrame(2, new byte[0], true)));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.DATA_DIGEST_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertFalse(failure.headerCorrupt(), "the header was verified: a Reject may echo it");
        assertArrayEquals(Arrays.copyOf(frame, 48), failure.header());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void noDataDigestFollowsAnEmptySegment() {
        byte[] frame = nopOutFrame(1, new byte[0], true);
        assertEquals(52, frame.length);
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, frame);
        NopOut nop = channel.readInbound();
        assertEquals(0, nop.data().readableBytes());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void ahsOverrunningTotalAhsLengthIsFatal() {
        // TotalAHSLength 1 word, but the AHS claims 9 bytes.
        byte[] frame = rawFrame(0x01, hex("00 09 01 00"), 0, new byte[0]);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, Wire.concat(frame, nopOutFrame(2, new byte[0], false)));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertTrue(failure.detail().startsWith("malformed AHS"), failure.detail());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void bidiReadAhsOfTheWrongLengthIsFatal() {
        byte[] frame = rawFrame(0x01, hex("00 04 02 00 00 00 10 00"), 0, new byte[0]);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, frame);
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertTrue(failure.fatal());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void unknownAhsTypeIsIgnored() {
        byte[] frame = rawFrame(0x01, hex("00 01 7e 00 | 00 05 02 00 00 00 10 00"), 0, new byte[0]);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, frame);
        ScsiCommand command = channel.readInbound();
        assertEquals(16, command.cdb().length);
        assertEquals(0x1000, command.bidiReadLength());
        assertFalse(channel.finishAndReleaseAll());
    }

    @ParameterizedTest(name = "CDB of {0} bytes")
    @ValueSource(ints = {17, 18, 19, 20, 32, 260})
    void extendedCdbRoundTrips(int cdbLength) {
        ScsiCommand sent = new ScsiCommand(false, true, true, false, 0, 0, 1, 4096, 1, 1,
                PduSamples.cdb(cdbLength), 0x2000, Unpooled.EMPTY_BUFFER);
        byte[] frame = Wire.frame(sent, true, false);
        int ahs = (3 + cdbLength - 15 + 3) / 4 * 4 + 8;
        assertEquals(48 + ahs + 4, frame.length);
        assertEquals(ahs / 4, frame[4]);
        EmbeddedChannel channel = decoder(new PduLimits(8192, true, false));
        Wire.writeByteByByte(channel, alloc, frame);
        List<Object> decoded = Wire.readInbound(channel);
        assertEquals(1, decoded.size());
        PduSamples.assertSamePdu(sent, decoded.get(0));
        assertFalse(channel.finishAndReleaseAll());
    }

    /**
     * A large segment arriving in several reads is gathered from the reads' own buffers: a byte
     * changed in a read buffer after decoding shows in the payload, so nothing was copied on the way.
     * A smaller frame read behind it still decodes.
     */
    @Test
    void aLargeSegmentSpanningReadsIsNotCopied() {
        int length = 64 * 1024;
        DataOut sent = new DataOut(true, 0, 1, 2, 3, 4, 0, PduSamples.data(alloc, length));
        byte[] frame = Wire.concat(Wire.frame(sent, false, false), nopOutFrame(7, new byte[100], false));
        EmbeddedChannel channel = decoder(new PduLimits(length, false, false));
        int[] cuts = {0, 20, 48 + 10_000, 48 + 40_000, frame.length};
        ByteBuf[] reads = new ByteBuf[cuts.length - 1];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = alloc.directBuffer(cuts[i + 1] - cuts[i]).writeBytes(frame, cuts[i], cuts[i + 1] - cuts[i]);
            reads[i].retain(); // kept by the test, to write into after decoding
            channel.writeInbound(reads[i]);
        }
        List<Object> decoded = Wire.readInbound(channel);
        assertEquals(2, decoded.size(), decoded.toString());
        DataOut received = assertInstanceOf(DataOut.class, decoded.get(0));
        PduSamples.assertSamePdu(sent, received);
        assertInstanceOf(NopOut.class, decoded.get(1));
        int inThirdRead = 48 + 20_000; // frame offset inside reads[2]
        reads[2].setByte(inThirdRead - cuts[2], ~frame[inThirdRead]);
        assertEquals((byte) ~frame[inThirdRead], received.data().getByte(received.data().readerIndex() + 20_000),
                "the payload is the read buffer itself");
        for (ByteBuf read : reads) {
            read.release();
        }
        releaseAll(decoded);
        sent.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    /** DataSegmentLength residues 1, 2, 3, 0 mod 4: 3, 2, 1, 0 bytes of padding. */
    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 4093})
    void paddingBringsTheSegmentToAWordBoundary(int length) {
        DataOut sent = new DataOut(true, 0, 1, 2, 3, 4, 0, PduSamples.data(alloc, length));
        byte[] frame = Wire.frame(sent, false, false);
        int padding = (4 - length % 4) % 4;
        assertEquals(48 + length + padding, frame.length);
        assertEquals(length, (frame[5] & 0xff) << 16 | (frame[6] & 0xff) << 8 | frame[7] & 0xff);
        for (int i = frame.length - padding; i < frame.length; i++) {
            assertEquals(0, frame[i], "padding is zero");
        }
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, Wire.concat(frame, frame));
        List<Object> decoded = Wire.readInbound(channel);
        assertEquals(2, decoded.size());
        PduSamples.assertSamePdu(sent, decoded.get(0));
        PduSamples.assertSamePdu(sent, decoded.get(1));
        releaseAll(decoded);
        sent.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void dataSegmentOnAPduThatHasNoneIsSkippedAndRejected() {
        // An R2T (0x31) with 3 bytes of data.
        byte[] r2t = rawFrame(0x31, new byte[0], 3, hex("01 02 03"));
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, Wire.concat(r2t, nopOutFrame(5, new byte[0], false)));
        List<Object> messages = Wire.readInbound(channel);
        assertEquals(2, messages.size());
        DecodeFailure failure = assertInstanceOf(DecodeFailure.class, messages.get(0));
        assertEquals(RejectReason.PROTOCOL_ERROR, failure.reason());
        assertFalse(failure.fatal());
        assertEquals(5, assertInstanceOf(NopOut.class, messages.get(1)).itt());
        releaseAll(messages);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void newLimitsApplyFromTheNextPdu() {
        EmbeddedChannel channel = decoder(PduLimits.LOGIN_DEFAULTS);
        PduFrameDecoder decoder = Wire.decoderOf(channel);
        Wire.writeInbound(channel, alloc, nopOutFrame(1, hex("01"), false));
        NopOut first = channel.readInbound();
        first.release();

        decoder.limits(new PduLimits(65536, true, true));
        assertEquals(new PduLimits(65536, true, true), decoder.limits());
        Wire.writeInbound(channel, alloc, nopOutFrame(2, new byte[9000], true));
        NopOut second = channel.readInbound();
        assertEquals(9000, second.data().readableBytes());
        second.release();

        // A PDU still without digests is now a header digest failure.
        Wire.writeInbound(channel, alloc, nopOutFrame(3, hex("01"), false));
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        assertTrue(failure.fatal());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void limitsChangedMidFrameWaitForTheNextFrame() {
        byte[] frame = nopOutFrame(1, new byte[100], false);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, Arrays.copyOf(frame, 60));
        Wire.decoderOf(channel).limits(DIGESTS);
        Wire.writeInbound(channel, alloc, Arrays.copyOfRange(frame, 60, frame.length));
        NopOut nop = channel.readInbound();
        assertEquals(100, nop.data().readableBytes());
        nop.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void closingBetweenDataAndDataDigestReleasesTheHeldSegment() {
        byte[] frame = nopOutFrame(1, new byte[100], true);
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, Arrays.copyOf(frame, frame.length - 2));
        assertNull(channel.readInbound());
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void removingTheDecoderMidDataDigestReleasesTheHeldSegment() {
        byte[] frame = nopOutFrame(1, new byte[100], true);
        EmbeddedChannel channel = decoder(DIGESTS);
        Wire.writeInbound(channel, alloc, Arrays.copyOf(frame, frame.length - 2));
        channel.pipeline().remove(PduFrameDecoder.class);
        // The undecoded remainder is passed on as raw bytes when the decoder leaves.
        releaseAll(Wire.readInbound(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void failureTurnsIntoARejectCarryingTheHeader() {
        byte[] unknown = rawFrame(0x1d, new byte[0], 0, new byte[0]);
        EmbeddedChannel channel = decoder(PLAIN);
        Wire.writeInbound(channel, alloc, unknown);
        DecodeFailure failure = onlyFailure(Wire.readInbound(channel));
        Reject reject = failure.toReject(10, 11, 12);
        assertEquals(RejectReason.COMMAND_NOT_SUPPORTED.value(), reject.reason());
        assertEquals(10, reject.statSn());
        assertEquals(11, reject.expCmdSn());
        assertEquals(12, reject.maxCmdSn());
        assertArrayEquals(unknown, Wire.bytes(reject.data()));
        assertTrue(reject.release());
        assertFalse(channel.finishAndReleaseAll());
    }
}
