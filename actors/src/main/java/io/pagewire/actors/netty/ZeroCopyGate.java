package io.pagewire.actors.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.uring.IoUringChannelOption;
import io.pagewire.actors.pool.PageBuf;

/**
 * Keeps one io_uring connection's zero-copy sends inside the process's {@link ZeroCopyBudget}. Sits
 * at the head of the pipeline, after the encoder, so it sees each Data-In payload as the buffer the
 * socket will send.
 *
 * <p>Netty decides "zero-copy or not" per channel ({@code IO_URING_WRITE_ZERO_COPY_THRESHOLD}) when it
 * schedules a flushed batch, which may be later than the write. So the gate switches the whole
 * channel: while the budget has room, every payload at or above the threshold takes its bytes from
 * the budget and the channel sends zero-copy; the first payload that does not fit turns the
 * channel's zero-copy off (that payload and everything queued behind it go as plain sends — queued
 * payloads keep their budget bytes until their pages return, erring towards fewer pinned bytes). It
 * turns zero-copy back on only when nothing is queued on the channel, so no payload admitted as
 * plain can be scheduled under the zero-copy threshold.
 *
 * <p>Netty gathers a whole flushed batch into one SENDMSG_ZC once any buffer in it reaches the
 * threshold, so smaller payloads in the batch are pinned too. The gate therefore counts every page
 * payload written while zero-copy is on, not only those at or above the threshold (a small payload
 * that goes as a plain send holds its bytes only until its write completes). PDU headers (48 bytes)
 * are not counted; the budget's margin covers them. Event loop only; one instance per channel.
 */
final class ZeroCopyGate extends ChannelOutboundHandlerAdapter {
    static final int OFF = -1;

    private final ZeroCopyBudget budget;
    private final int threshold;
    private boolean zeroCopyOn;

    ZeroCopyGate(ZeroCopyBudget budget, int threshold) {
        this.budget = budget;
        this.threshold = threshold;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        switchTo(ctx.channel(), true);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buf && buf.isReadable() && rootPage(buf) instanceof PageBuf page) {
            admit(ctx.channel(), page, buf.readableBytes());
        }
        ctx.write(msg, promise);
    }

    private void admit(Channel channel, PageBuf page, int bytes) {
        if (!zeroCopyOn && !nothingQueued(channel)) {
            return;
        }
        if (budget.tryAcquire(bytes)) {
            page.pinned(bytes, budget::release);
            if (!zeroCopyOn) {
                switchTo(channel, true);
            }
        } else if (zeroCopyOn) {
            switchTo(channel, false);
        }
    }

    private void switchTo(Channel channel, boolean on) {
        zeroCopyOn = on;
        channel.config().setOption(IoUringChannelOption.IO_URING_WRITE_ZERO_COPY_THRESHOLD, on ? threshold : OFF);
    }

    private static boolean nothingQueued(Channel channel) {
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        return queued == null || queued.totalPendingWriteBytes() == 0;
    }

    /** The buffer a payload was sliced or duplicated from, or the payload itself. */
    private static ByteBuf rootPage(ByteBuf buf) {
        ByteBuf root = buf;
        for (int i = 0; i < 4 && !(root instanceof PageBuf) && root.unwrap() != null; i++) {
            root = root.unwrap();
        }
        return root;
    }

    boolean zeroCopyOn() {
        return zeroCopyOn;
    }
}
