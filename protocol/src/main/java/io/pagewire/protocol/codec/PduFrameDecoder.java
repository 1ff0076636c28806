package io.pagewire.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.pagewire.protocol.pdu.Opcode;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Splits the byte stream into iSCSI PDUs (RFC 7143 §11.1) and decodes every opcode of both
 * directions. Emits one {@link Pdu} or one {@link DecodeFailure} per frame.
 *
 * <p>States: BHS → AHS → header digest → data + padding → data digest → BHS. Once the header is
 * complete (and its digest verified) the decoder checks, in this order: DataSegmentLength against
 * {@link PduLimits#maxRecvDataSegmentLength()} (fatal, before anything of the segment is awaited),
 * the AHS structure (fatal), the opcode (unknown: the frame is skipped, non-fatal), and that a PDU
 * without a data segment in its format has none (skipped, non-fatal). A data digest mismatch is
 * fatal. After a fatal failure the decoder is in BAD_MESSAGE and discards every byte it gets.
 *
 * <p>The data segment of a {@link PayloadPdu} is a retained slice of the cumulation, never a copy.
 * Not sharable; every method runs on the channel's event loop.
 */
public final class PduFrameDecoder extends ByteToMessageDecoder {
    private enum State {
        READ_BHS, READ_AHS, READ_HEADER_DIGEST, READ_DATA, READ_DATA_DIGEST, BAD_MESSAGE
    }

    /** Segments at least this long that are not yet complete are gathered without copying. */
    static final int GATHER_FROM = 16 * 1024;

    private final byte[] bhs = new byte[Bhs.LENGTH];
    private final ByteBuf bhsView = Unpooled.wrappedBuffer(bhs);
    private final CRC32C crc = new CRC32C();

    private PduLimits limits;
    private State state = State.READ_BHS;

    // The frame being read; set in READ_BHS.
    private PduLimits frameLimits;
    private Opcode opcode;
    private int ahsLength;
    private int dataLength;
    private AdditionalHeaders ahs;
    private DecodeFailure pendingFailure;
    private ByteBuf pendingData;

    public PduFrameDecoder(PduLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits the next PDU is read with. */
    public PduLimits limits() {
        return limits;
    }

    /**
     * Replaces the limits, e.g. with the negotiated MaxRecvDataSegmentLength and digests once login
     * completes. The frame being read keeps the limits it started with; the next BHS uses these.
     */
    public void limits(PduLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    /** Bytes received but not yet consumed; for tests. */
    int bufferedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        boolean progress = true;
        while (progress && out.isEmpty()) {
            progress = switch (state) {
                case READ_BHS -> readBhs(in, out);
                case READ_AHS -> readAhs(in, out);
                case READ_HEADER_DIGEST -> readHeaderDigest(in, out);
                case READ_DATA -> readData(in, out);
                case READ_DATA_DIGEST -> readDataDigest(in, out);
                case BAD_MESSAGE -> discard(in);
            };
        }
    }

    private boolean readBhs(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Bhs.LENGTH) {
            return false;
        }
        in.readBytes(bhs);
        frameLimits = limits;
        opcode = Opcode.of(bhs[Bhs.OPCODE] & Bhs.OPCODE_MASK);
        ahsLength = bhsView.getUnsignedByte(Bhs.TOTAL_AHS_LENGTH) * 4;
        dataLength = bhsView.getUnsignedMedium(Bhs.DATA_SEGMENT_LENGTH);
        ahs = AdditionalHeaders.NONE;
        pendingFailure = null;
        if (frameLimits.headerDigest()) {
            crc.reset();
            crc.update(bhs);
        }
        if (ahsLength > 0) {
            state = State.READ_AHS;
        } else if (frameLimits.headerDigest()) {
            state = State.READ_HEADER_DIGEST;
        } else {
            headerComplete(in, out);
        }
        return true;
    }

    private boolean readAhs(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < ahsLength) {
            return false;
        }
        int index = in.readerIndex();
        if (frameLimits.headerDigest()) {
            Crc32c.update(crc, in, index, ahsLength);
        }
        try {
            ahs = AdditionalHeaders.parse(in, index, ahsLength);
        } catch (CorruptedFrameException e) {
            // Judged in headerComplete, after the header digest, so a corrupted header is named as such.
            pendingFailure = failure(RejectReason.PROTOCOL_ERROR, true, "malformed AHS: " + e.getMessage());
        }
        in.skipBytes(ahsLength);
        if (frameLimits.headerDigest()) {
            state = State.READ_HEADER_DIGEST;
        } else {
            headerComplete(in, out);
        }
        return true;
    }

    private boolean readHeaderDigest(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Crc32c.LENGTH) {
            return false;
        }
        int received = in.readIntLE();
        int computed = (int) crc.getValue();
        if (received != computed) {
            fail(in, out, new DecodeFailure(RejectReason.PROTOCOL_ERROR, bhs, true, String.format(
                    "header digest mismatch: received %08x, computed %08x", received, computed), true));
        } else {
            headerComplete(in, out);
        }
        return true;
    }

    /** The header is in and trusted: check lengths and opcode, then read the data segment. */
    private void headerComplete(ByteBuf in, List<Object> out) {
        if (dataLength > frameLimits.maxRecvDataSegmentLength()) {
            fail(in, out, failure(RejectReason.PROTOCOL_ERROR, true, "DataSegmentLength " + dataLength
                    + " exceeds MaxRecvDataSegmentLength " + frameLimits.maxRecvDataSegmentLength()));
            return;
        }
        if (pendingFailure != null) {
            fail(in, out, pendingFailure);
            return;
        }
        if (opcode == null) {
            pendingFailure = failure(RejectReason.COMMAND_NOT_SUPPORTED, false, String.format(
                    "reserved opcode 0x%02x", bhs[Bhs.OPCODE] & Bhs.OPCODE_MASK));
        } else if (dataLength > 0 && !carriesData(opcode)) {
            pendingFailure = failure(RejectReason.PROTOCOL_ERROR, false,
                    opcode + " has no data segment, DataSegmentLength " + dataLength);
        }
        state = State.READ_DATA;
    }

    private boolean readData(ByteBuf in, List<Object> out) {
        int padded = dataLength + Bhs.padding(dataLength);
        if (in.readableBytes() < padded) {
            // A segment spanning several socket reads is gathered as the reads' own buffers: merging
            // them would copy every byte into a growing buffer, and again at each regrowth, before
            // the session copies the payload into its pages.
            if (padded >= GATHER_FROM) {
                setCumulator(COMPOSITE_CUMULATOR);
            }
            return false;
        }
        setCumulator(MERGE_CUMULATOR);
        int index = in.readerIndex();
        boolean digest = frameLimits.dataDigest() && dataLength > 0;
        if (digest) {
            crc.reset();
            Crc32c.update(crc, in, index, padded);
        }
        if (pendingFailure == null && dataLength > 0) {
            pendingData = in.retainedSlice(index, dataLength);
        }
        in.skipBytes(padded);
        if (digest) {
            state = State.READ_DATA_DIGEST;
        } else {
            frameComplete(out);
        }
        return true;
    }

    private boolean readDataDigest(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < Crc32c.LENGTH) {
            return false;
        }
        int received = in.readIntLE();
        int computed = (int) crc.getValue();
        if (received != computed) {
            releasePendingData();
            fail(in, out, failure(RejectReason.DATA_DIGEST_ERROR, true, String.format(
                    "data digest mismatch: received %08x, computed %08x", received, computed)));
        } else {
            frameComplete(out);
        }
        return true;
    }

    private void frameComplete(List<Object> out) {
        state = State.READ_BHS;
        if (pendingFailure != null) {
            out.add(pendingFailure);
            pendingFailure = null;
            return;
        }
        ByteBuf data = pendingData != null ? pendingData : Unpooled.EMPTY_BUFFER;
        pendingData = null;
        try {
            out.add(opcode.fromInitiator()
                    ? InitiatorBhs.read(opcode, bhsView, 0, ahs, data)
                    : TargetBhs.read(opcode, bhsView, 0, data));
        } catch (RuntimeException e) {
            data.release();
            throw e;
        }
    }

    private boolean discard(ByteBuf in) {
        in.skipBytes(in.readableBytes());
        return false;
    }

    private void fail(ByteBuf in, List<Object> out, DecodeFailure failure) {
        state = State.BAD_MESSAGE;
        pendingFailure = null;
        out.add(failure);
        discard(in);
    }

    private DecodeFailure failure(RejectReason reason, boolean fatal, String detail) {
        return new DecodeFailure(reason, bhs, fatal, detail);
    }

    private static boolean carriesData(Opcode opcode) {
        return switch (opcode) {
            case TASK_MANAGEMENT_REQUEST, LOGOUT_REQUEST, SNACK_REQUEST, TASK_MANAGEMENT_RESPONSE,
                    LOGOUT_RESPONSE, R2T -> false;
            default -> true;
        };
    }

    private void releasePendingData() {
        if (pendingData != null) {
            pendingData.release();
            pendingData = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePendingData();
    }
}
