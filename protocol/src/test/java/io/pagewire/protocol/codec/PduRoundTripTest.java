package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.PduSamples.assertSamePdu;
import static io.pagewire.protocol.codec.PduSamples.releaseAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.Opcode;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PduRoundTripTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everythingReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void samplesCoverEveryOpcode() {
        List<Pdu> samples = PduSamples.all(alloc);
        Set<Opcode> covered = EnumSet.noneOf(Opcode.class);
        samples.forEach(pdu -> covered.add(pdu.opcode()));
        releaseAll(samples);
        assertEquals(EnumSet.allOf(Opcode.class), covered);
    }

    @ParameterizedTest(name = "headerDigest={0} dataDigest={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void everyPduSurvivesEncoderAndDecoder(boolean headerDigest, boolean dataDigest) {
        List<Pdu> expected = PduSamples.all(alloc);
        EmbeddedChannel encoder = Wire.channel(alloc, PduEncoder.of(headerDigest, dataDigest));
        EmbeddedChannel decoder = Wire.decoder(alloc, new PduLimits(8192, headerDigest, dataDigest));
        for (Pdu pdu : PduSamples.all(alloc)) {
            assertTrue(encoder.writeOutbound(pdu));
            ByteBuf buf;
            while ((buf = encoder.readOutbound()) != null) {
                decoder.writeInbound(buf);
            }
        }
        List<Object> decoded = Wire.readInbound(decoder);
        assertEquals(expected.size(), decoded.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSamePdu(expected.get(i), decoded.get(i));
        }
        releaseAll(decoded);
        releaseAll(expected);
        assertFalse(encoder.finishAndReleaseAll());
        assertFalse(decoder.finishAndReleaseAll());
    }

    @Test
    void byteByByteInputDecodesTheSame() {
        List<Pdu> expected = PduSamples.all(alloc);
        List<byte[]> frames = new ArrayList<>();
        expected.forEach(pdu -> frames.add(Wire.frame(pdu, true, true)));
        byte[] stream = Wire.concat(frames.toArray(byte[][]::new));
        PduLimits limits = new PduLimits(8192, true, true);

        EmbeddedChannel whole = Wire.decoder(alloc, limits);
        Wire.writeInbound(whole, alloc, stream);
        EmbeddedChannel fragmented = Wire.decoder(alloc, limits);
        Wire.writeByteByByte(fragmented, alloc, stream);

        List<Object> fromWhole = Wire.readInbound(whole);
        List<Object> fromBytes = Wire.readInbound(fragmented);
        assertEquals(expected.size(), fromWhole.size());
        assertEquals(expected.size(), fromBytes.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSamePdu(expected.get(i), fromWhole.get(i));
            assertSamePdu(expected.get(i), fromBytes.get(i));
        }
        assertEquals(0, Wire.decoderOf(fragmented).bufferedBytes());
        releaseAll(fromWhole);
        releaseAll(fromBytes);
        releaseAll(expected);
        assertFalse(whole.finishAndReleaseAll());
        assertFalse(fragmented.finishAndReleaseAll());
    }

    @Test
    void staticEncodeMatchesTheChannelEncoder() {
        for (boolean digests : new boolean[] {false, true}) {
            List<Pdu> samples = PduSamples.all(alloc);
            EmbeddedChannel encoder = Wire.channel(alloc, PduEncoder.of(digests, digests));
            for (Pdu pdu : samples) {
                byte[] composite = Wire.frame(pdu, digests, digests);
                encoder.writeOutbound(retain(pdu));
                assertArrayEquals(composite, Wire.drainOutbound(encoder), pdu.opcode().toString());
            }
            releaseAll(samples);
            assertFalse(encoder.finishAndReleaseAll());
        }
    }

    @Test
    void decodedPayloadIsASliceOfTheReceivedBufferNotACopy() {
        DataIn sent = new DataIn(true, false, false, false, false, 0, 0, 1, Pdu.RESERVED_TAG, 0, 1, 2, 0, 0, 0,
                PduSamples.data(alloc, 4096));
        byte[] frame = Wire.frame(sent, false, false);
        ByteBuf input = alloc.heapBuffer(frame.length).writeBytes(frame);
        EmbeddedChannel decoder = Wire.decoder(alloc, PduLimits.LOGIN_DEFAULTS);
        decoder.writeInbound(input);

        DataIn received = decoder.readInbound();
        assertSame(input.array(), received.data().array(), "shares the receive buffer's memory");
        assertEquals(48, received.data().arrayOffset());
        assertEquals(sent.data(), received.data());
        assertEquals(1, input.refCnt(), "the slice holds the only reference left");
        assertTrue(received.release());
        assertEquals(0, input.refCnt());
        sent.release();
        assertFalse(decoder.finishAndReleaseAll());
    }

    private static Object retain(Pdu pdu) {
        return pdu instanceof PayloadPdu payload ? payload.retain() : pdu;
    }
}
