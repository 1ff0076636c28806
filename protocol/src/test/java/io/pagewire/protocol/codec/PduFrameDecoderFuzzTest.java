package io.pagewire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.protocol.pdu.Opcode;
import io.pagewire.protocol.pdu.Pdu;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing of {@link PduFrameDecoder}: random byte streams and streams of valid frames
 * with bytes flipped, lengths rewritten and the end cut off, each delivered in chunks split at random
 * points. Whatever arrives, the decoder never throws, never buffers more than one frame can be
 * under its limits, emits only PDUs and {@link DecodeFailure}s, emits nothing after a fatal failure,
 * and every buffer it allocated or sliced is released once the messages are.
 *
 * <p>Tries come from {@code jqwik.tries.default} (the build sets it; {@code -Pfuzz} raises it).
 */
class PduFrameDecoderFuzzTest {

    /** The frames of every sample PDU, encoded without and with digests. */
    private static final List<byte[]> PLAIN_FRAMES = sampleFrames(false);
    private static final List<byte[]> DIGEST_FRAMES = sampleFrames(true);

    @Property
    void randomBytesNeverBreakTheDecoder(@ForAll @Size(max = 6000) byte[] stream,
                                         @ForAll("chunks") List<Integer> chunks,
                                         @ForAll("limits") PduLimits limits) {
        decodeAndCheck(stream, chunks, limits);
    }

    /**
     * A random stream whose first header claims a plausible frame (so the decoder gets past the BHS
     * into AHS, digest and data states far more often than with pure noise).
     */
    @Property
    void randomHeadersWithSmallLengthsNeverBreakTheDecoder(@ForAll @Size(min = 48, max = 4000) byte[] stream,
                                                           @ForAll @IntRange(max = 3) int ahsWords,
                                                           @ForAll @IntRange(max = 1200) int dataLength,
                                                           @ForAll("chunks") List<Integer> chunks,
                                                           @ForAll("limits") PduLimits limits) {
        stream[4] = (byte) ahsWords;
        stream[5] = (byte) (dataLength >>> 16);
        stream[6] = (byte) (dataLength >>> 8);
        stream[7] = (byte) dataLength;
        decodeAndCheck(stream, chunks, limits);
    }

    @Property
    void mutatedValidStreamsNeverBreakTheDecoder(@ForAll("mutatedStreams") MutatedStream mutated,
                                                 @ForAll("chunks") List<Integer> chunks) {
        decodeAndCheck(mutated.bytes(), chunks, mutated.limits());
    }

    /** Unmutated streams are the control: every frame comes out as a PDU, none as a failure. */
    @Property
    void validStreamsDecodeToOnePduPerFrameWhateverTheSplit(@ForAll("frameIndexes") List<Integer> frames,
                                                            @ForAll boolean digests,
                                                            @ForAll("chunks") List<Integer> chunks) {
        List<byte[]> source = digests ? DIGEST_FRAMES : PLAIN_FRAMES;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        frames.forEach(i -> stream.writeBytes(source.get(i)));
        List<Object> messages = decodeAndCheck(stream.toByteArray(), chunks,
                new PduLimits(PduLimits.MAX_DATA_SEGMENT_LENGTH, digests, digests));
        assertEquals(frames.size(), messages.size());
        assertTrue(messages.stream().allMatch(Opcode.class::isInstance), messages::toString);
    }

    // ---- the check ----------------------------------------------------------------------------------

    /**
     * Feeds {@code stream} in chunks (sizes taken in turn from {@code chunks}); returns what came out
     * (the {@link Opcode} of each PDU, each {@link DecodeFailure}), every message already released.
     */
    private static List<Object> decodeAndCheck(byte[] stream, List<Integer> chunks, PduLimits limits) {
        TrackingAllocator alloc = new TrackingAllocator(false); // refCnts checked below, without paranoid's cost
        EmbeddedChannel channel = Wire.decoder(alloc, limits);
        PduFrameDecoder decoder = Wire.decoderOf(channel);
        int largestFrame = Bhs.LENGTH + 255 * 4 + 2 * Crc32c.LENGTH + limits.maxRecvDataSegmentLength() + 3;
        List<Object> seen = new ArrayList<>();
        boolean fatalSeen = false;
        try {
            int offset = 0;
            for (int c = 0; offset < stream.length; c++) {
                int n = Math.min(chunks.get(c % chunks.size()), stream.length - offset);
                ByteBuf chunk = alloc.buffer(n).writeBytes(stream, offset, n);
                offset += n;
                try {
                    channel.writeInbound(chunk);
                } catch (RuntimeException e) {
                    fail("decode threw after " + offset + " bytes", e);
                }
                // Limits before allocation: what waits is less than one largest legal frame.
                assertTrue(decoder.bufferedBytes() < largestFrame,
                        () -> decoder.bufferedBytes() + " bytes buffered, a frame is at most " + largestFrame);
                for (Object message; (message = channel.readInbound()) != null; ) {
                    try {
                        assertFalse(fatalSeen, "a message after a fatal DecodeFailure: " + message);
                        if (message instanceof DecodeFailure failure) {
                            fatalSeen = failure.fatal();
                            seen.add(failure);
                        } else if (message instanceof Pdu pdu) {
                            seen.add(pdu.opcode());
                        } else {
                            fail("neither a PDU nor a DecodeFailure: " + message);
                        }
                    } finally {
                        ReferenceCountUtil.release(message);
                    }
                }
            }
            if (fatalSeen) {
                assertEquals(0, decoder.bufferedBytes(), "BAD_MESSAGE keeps nothing");
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf buf : alloc.allocatedBuffers()) {
            // The cumulation grows by doubling: never past twice the bytes one frame plus one chunk needs.
            assertTrue(buf.capacity() <= 2 * (largestFrame + stream.length) + 64,
                    () -> "a buffer of " + buf.capacity() + " bytes for a stream of " + stream.length);
        }
        alloc.assertAllReleased();
        return seen;
    }

    // ---- generators ---------------------------------------------------------------------------------

    /** Chunk sizes: single bytes, header-sized pieces and large pieces, so every state boundary is hit. */
    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.integers().between(1, 7)),
                        Tuple.of(3, Arbitraries.integers().between(8, 100)),
                        Tuple.of(2, Arbitraries.integers().between(101, 9000)))
                .list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<PduLimits> limits() {
        return Combinators.combine(Arbitraries.of(512, 1024, 8192, 65536, PduLimits.MAX_DATA_SEGMENT_LENGTH),
                        Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as(PduLimits::new);
    }

    @Provide
    Arbitrary<List<Integer>> frameIndexes() {
        return Arbitraries.integers().between(0, PLAIN_FRAMES.size() - 1).list().ofMinSize(1).ofMaxSize(8);
    }

    /** What a mutation does to a stream of valid frames. */
    private record Mutation(int kind, int position, int value) {
        static final int FLIP_BYTE = 0;
        static final int SET_DATA_SEGMENT_LENGTH = 1;
        static final int SET_AHS_LENGTH = 2;
        static final int SET_OPCODE = 3;

        void applyTo(byte[] stream, List<Integer> frameStarts) {
            if (stream.length == 0) {
                return;
            }
            int frame = frameStarts.get(Math.floorMod(position, frameStarts.size()));
            switch (kind) {
                case FLIP_BYTE -> stream[Math.floorMod(position, stream.length)] ^= (byte) (value | 1);
                case SET_DATA_SEGMENT_LENGTH -> {
                    // Around the real length (off by a few) or anywhere in the 24-bit field.
                    int length = value & 0xFF_FFFF;
                    stream[frame + 5] = (byte) (length >>> 16);
                    stream[frame + 6] = (byte) (length >>> 8);
                    stream[frame + 7] = (byte) length;
                }
                case SET_AHS_LENGTH -> stream[frame + 4] = (byte) value;
                case SET_OPCODE -> stream[frame] = (byte) (stream[frame] & 0xC0 | value & 0x3F);
                default -> throw new IllegalStateException("mutation " + kind);
            }
        }
    }

    record MutatedStream(byte[] bytes, PduLimits limits) {
        @Override
        public String toString() {
            return "MutatedStream[" + bytes.length + " bytes, " + limits + ", " + Wire.hex(bytes) + "]";
        }
    }

    @Provide
    Arbitrary<MutatedStream> mutatedStreams() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.integers().between(0, 300)),
                                Tuple.of(1, Arbitraries.integers())))
                .as(Mutation::new);
        return Combinators.combine(frameIndexes(), Arbitraries.of(false, true),
                        mutation.list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.integers().between(0, 100), limits())
                .as((frames, digests, mutations, cutPercent, limits) -> {
                    List<byte[]> source = digests ? DIGEST_FRAMES : PLAIN_FRAMES;
                    ByteArrayOutputStream stream = new ByteArrayOutputStream();
                    List<Integer> starts = new ArrayList<>();
                    for (int i : frames) {
                        starts.add(stream.size());
                        stream.writeBytes(source.get(i));
                    }
                    byte[] bytes = stream.toByteArray();
                    mutations.forEach(m -> m.applyTo(bytes, starts));
                    // Truncation: most streams whole, some cut short anywhere.
                    int keep = cutPercent >= 50 ? bytes.length : (int) ((long) bytes.length * cutPercent / 50);
                    byte[] cut = java.util.Arrays.copyOf(bytes, keep);
                    return new MutatedStream(cut, limits.withDigests(digests, digests));
                });
    }

    private static List<byte[]> sampleFrames(boolean digests) {
        List<Pdu> samples = PduSamples.all(UnpooledByteBufAllocator.DEFAULT);
        try {
            List<byte[]> frames = new ArrayList<>();
            for (Pdu pdu : samples) {
                frames.add(Wire.frame(pdu, digests, digests));
            }
            return List.copyOf(frames);
        } finally {
            PduSamples.releaseAll(samples);
        }
    }
}
