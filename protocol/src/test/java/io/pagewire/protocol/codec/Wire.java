package io.pagewire.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.pdu.Pdu;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test plumbing: hex, channels with a tracking allocator, frames as byte arrays. */
final class Wire {
    private Wire() {
    }

    /** Bytes from hex digits; whitespace and '|' are ignored. */
    static byte[] hex(String text) {
        return ByteBufUtil.decodeHexDump(text.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    static EmbeddedChannel channel(ByteBufAllocator alloc, ChannelHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(handler);
        return channel;
    }

    static EmbeddedChannel decoder(ByteBufAllocator alloc, PduLimits limits) {
        return channel(alloc, new PduFrameDecoder(limits));
    }

    static PduFrameDecoder decoderOf(EmbeddedChannel channel) {
        return channel.pipeline().get(PduFrameDecoder.class);
    }

    /** The readable bytes, leaving the buffer as it is. */
    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** The frame of {@code pdu} as bytes; {@code pdu} stays owned by the caller. */
    static byte[] frame(Pdu pdu, boolean headerDigest, boolean dataDigest) {
        ByteBuf frame = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT, headerDigest, dataDigest);
        try {
            return bytes(frame);
        } finally {
            frame.release();
        }
    }

    /** Everything the channel wrote, concatenated; the written buffers are released. */
    static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.writeBytes(bytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    static void writeInbound(EmbeddedChannel channel, ByteBufAllocator alloc, byte[] bytes) {
        channel.writeInbound(alloc.buffer(bytes.length).writeBytes(bytes));
    }

    static void writeByteByByte(EmbeddedChannel channel, ByteBufAllocator alloc, byte[] bytes) {
        for (byte b : bytes) {
            channel.writeInbound(alloc.buffer(1).writeByte(b));
        }
    }

    /** All inbound messages so far, in order; the caller releases them. */
    static List<Object> readInbound(EmbeddedChannel channel) {
        List<Object> messages = new ArrayList<>();
        for (Object message; (message = channel.readInbound()) != null; ) {
            messages.add(message);
        }
        return messages;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
