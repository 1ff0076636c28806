package io.pagewire.actors.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PageBuf;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** What the audit counts as sent from a page, and that a copy on the way is not. */
class PayloadAuditTest {
    private static final int PAGE = 8192;

    private final long[] sums = new long[2];

    private PayloadAudit audit() {
        return new PayloadAudit((pageBytes, otherBytes) -> {
            sums[0] += pageBytes;
            sums[1] += otherBytes;
        });
    }

    private static PageBuf page() {
        return new PageBuf(new Page(0, ByteBuffer.allocateDirect(PAGE)), PAGE, (page, handedNanos, zeroCopy) -> { });
    }

    @Test
    void slicesOfAPageCountAsPageBytesAndHeadersAsOther() {
        EmbeddedChannel channel = new EmbeddedChannel(audit());
        PageBuf page = page();
        channel.writeOutbound(Unpooled.directBuffer(48).writeZero(48), page.retainedSlice(0, 4096),
                page.retainedSlice(4096, 4096).duplicate());
        page.release();
        channel.finishAndReleaseAll();
        assertEquals(8192, sums[0], "both slices left from the page");
        assertEquals(48, sums[1], "the header is other bytes");
    }

    /** The control: a handler that copies payloads on the way hides them from the page count. */
    @Test
    void aPayloadCopiedOnTheWayIsNotCountedAsPageBytes() {
        ChannelOutboundHandlerAdapter copying = new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ByteBuf buf = (ByteBuf) msg;
                ByteBuf copy = Unpooled.directBuffer(buf.readableBytes()).writeBytes(buf);
                buf.release();
                ctx.write(copy, promise);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(audit(), copying);
        PageBuf page = page();
        channel.writeOutbound(page.retainedSlice(0, 4096));
        page.release();
        channel.finishAndReleaseAll();
        assertEquals(0, sums[0]);
        assertEquals(4096, sums[1]);
    }

    @Test
    void aHeapBufferOverAPagesBytesIsNotAPagePayload() {
        EmbeddedChannel channel = new EmbeddedChannel(audit());
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[4096]));
        channel.finishAndReleaseAll();
        assertEquals(0, sums[0]);
        assertEquals(4096, sums[1]);
    }
}
