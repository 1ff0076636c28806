package io.pagewire.actors.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.internal.PlatformDependent;
import io.pagewire.actors.pool.PageBuf;
import java.nio.ByteBuffer;

/**
 * Diagnostic ({@code pagewire.session.audit-payloads}): proof that Data-In payloads go to the socket
 * from arena pages. It sits at the head of a connection's pipeline, where buffers pass to the
 * transport, and counts every byte written as either <em>from a page</em> — the buffer derives from a
 * {@link PageBuf}, is one direct, non-composite buffer (the form every native and NIO transport sends
 * as it is; a heap buffer or a composite with heap parts would be copied) and its memory lies inside
 * that page — or <em>other</em> (headers, parameter data, and any payload a handler copied on the
 * way). At the end of the connection it reports both sums. Event loop only; one instance per channel.
 */
public final class PayloadAudit extends ChannelOutboundHandlerAdapter {

    /** Where the sums go when the connection ends (the PagePool, which keeps the totals). */
    @FunctionalInterface
    public interface Report {
        void audited(long pageBytes, long otherBytes);
    }

    private final Report report;
    private long pageBytes;
    private long otherBytes;
    private boolean reported;

    public PayloadAudit(Report report) {
        this.report = report;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            if (fromPage(buf)) {
                pageBytes += buf.readableBytes();
            } else {
                otherBytes += buf.readableBytes();
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!reported) {
            reported = true;
            report.audited(pageBytes, otherBytes);
        }
    }

    static boolean fromPage(ByteBuf buf) {
        ByteBuf root = buf;
        for (int i = 0; i < 4 && !(root instanceof PageBuf) && root.unwrap() != null; i++) {
            root = root.unwrap();
        }
        if (!(root instanceof PageBuf page) || !buf.isDirect() || buf instanceof CompositeByteBuf
                || buf.nioBufferCount() != 1) {
            return false;
        }
        ByteBuffer memory = page.page().memory();
        long pageStart = PlatformDependent.directBufferAddress(memory);
        long start = PlatformDependent.directBufferAddress(buf.nioBuffer());
        return start >= pageStart && start + buf.readableBytes() <= pageStart + memory.capacity();
    }
}
