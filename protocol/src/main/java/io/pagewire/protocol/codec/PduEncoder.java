package io.pagewire.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link Pdu}s as iSCSI frames (RFC 7143 §11.1): header (BHS, AHS, header digest) in a small
 * buffer, then the payload buffer itself, then padding and data digest in a second small buffer, so
 * a page of read data reaches the socket without a copy (gathering write).
 *
 * <p>Stateless and {@link Sharable}: one instance per digest setting, from {@link #of}. When
 * digests are negotiated the pipeline replaces the encoder. Runs on the channel's event loop.
 * Field values that do not fit their wire field fail the write (an {@code EncoderException}
 * caused by {@link IllegalArgumentException}); nothing is masked silently.
 */
@Sharable
public final class PduEncoder extends MessageToMessageEncoder<Pdu> {
    private static final PduEncoder PLAIN = new PduEncoder(false, false);
    private static final PduEncoder HEADER_DIGEST = new PduEncoder(true, false);
    private static final PduEncoder DATA_DIGEST = new PduEncoder(false, true);
    private static final PduEncoder BOTH_DIGESTS = new PduEncoder(true, true);

    private final boolean headerDigest;
    private final boolean dataDigest;

    private PduEncoder(boolean headerDigest, boolean dataDigest) {
        super(Pdu.class);
        this.headerDigest = headerDigest;
        this.dataDigest = dataDigest;
    }

    /** The shared encoder for this digest setting. */
    public static PduEncoder of(boolean headerDigest, boolean dataDigest) {
        if (headerDigest) {
            return dataDigest ? BOTH_DIGESTS : HEADER_DIGEST;
        }
        return dataDigest ? DATA_DIGEST : PLAIN;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    /**
     * Adds the header buffer, then (for a non-empty data segment) a retained duplicate of the
     * payload and the padding/digest buffer when there is one. MessageToMessageEncoder releases
     * {@code pdu} afterwards, so the payload leaves with exactly the reference the PDU owned. A
     * duplicate rather than the buffer itself keeps the PDU's reader index untouched by the write.
     */
    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        frame(pdu, ctx.alloc(), headerDigest, dataDigest, out);
    }

    /**
     * The whole frame as one composite buffer, for tests and raw-socket clients. {@code pdu} is
     * not released; the returned buffer holds its own reference to the payload.
     */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest) {
        List<ByteBuf> parts = new ArrayList<>(3);
        frame(pdu, alloc, headerDigest, dataDigest, parts);
        CompositeByteBuf frame = alloc.compositeBuffer(parts.size());
        frame.addComponents(true, parts);
        return frame;
    }

    /** Adds the frame's buffers to {@code out} in wire order, all or (on failure) none. */
    private static void frame(Pdu pdu, ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest,
                              List<? super ByteBuf> out) {
        ByteBuf header = header(pdu, alloc, headerDigest);
        if (!(pdu instanceof PayloadPdu payload) || !payload.data().isReadable()) {
            out.add(header);
            return;
        }
        ByteBuf trailer;
        try {
            trailer = trailer(payload.data(), alloc, dataDigest);
        } catch (RuntimeException | Error e) {
            header.release();
            throw e;
        }
        out.add(header);
        out.add(payload.data().retainedDuplicate());
        if (trailer != null) {
            out.add(trailer);
        }
    }

    /**
     * Writes the 48-byte BHS of {@code pdu} at the writer index of {@code out}: opcode and I bit,
     * flags, TotalAHSLength, DataSegmentLength (the payload's readable bytes), ITT and the
     * opcode-specific fields. Reserved bytes are zero.
     *
     * @throws IllegalArgumentException when a field value does not fit its wire field
     */
    public static void writeBhs(Pdu pdu, ByteBuf out) {
        int dataLength = pdu instanceof PayloadPdu payload ? payload.data().readableBytes() : 0;
        if (dataLength > Bhs.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("data segment of " + dataLength + " bytes does not fit DataSegmentLength");
        }
        int ahsLength = pdu instanceof ScsiCommand command ? AdditionalHeaders.lengthOf(command) : 0;
        int b = out.writerIndex();
        out.ensureWritable(Bhs.LENGTH);
        out.setZero(b, Bhs.LENGTH);
        out.setByte(b + Bhs.OPCODE, pdu.opcode().value());
        out.setByte(b + Bhs.TOTAL_AHS_LENGTH, ahsLength / 4);
        out.setMedium(b + Bhs.DATA_SEGMENT_LENGTH, dataLength);
        out.setInt(b + Bhs.ITT, pdu.itt());
        if (pdu.opcode().fromInitiator()) {
            InitiatorBhs.write(pdu, out, b);
        } else {
            TargetBhs.write(pdu, out, b);
        }
        out.writerIndex(b + Bhs.LENGTH);
    }

    private static ByteBuf header(Pdu pdu, ByteBufAllocator alloc, boolean headerDigest) {
        int ahsLength = pdu instanceof ScsiCommand command ? AdditionalHeaders.lengthOf(command) : 0;
        ByteBuf header = alloc.directBuffer(Bhs.LENGTH + ahsLength + (headerDigest ? Crc32c.LENGTH : 0));
        try {
            writeBhs(pdu, header);
            if (ahsLength > 0) {
                AdditionalHeaders.write((ScsiCommand) pdu, header);
            }
            if (headerDigest) {
                header.writeIntLE(Crc32c.of(header, header.readerIndex(), header.readableBytes()));
            }
            return header;
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
    }

    /** Padding and data digest after a non-empty data segment, or {@code null} when there is neither. */
    private static ByteBuf trailer(ByteBuf data, ByteBufAllocator alloc, boolean dataDigest) {
        int padding = Bhs.padding(data.readableBytes());
        int length = padding + (dataDigest ? Crc32c.LENGTH : 0);
        if (length == 0) {
            return null;
        }
        ByteBuf trailer = alloc.directBuffer(length);
        trailer.writeZero(padding);
        if (dataDigest) {
            trailer.writeIntLE(Crc32c.ofPaddedData(data));
        }
        return trailer;
    }
}
