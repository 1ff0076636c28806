package io.pagewire.actors.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.protocol.codec.DecodeFailure;
import io.pagewire.protocol.pdu.Pdu;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The thin boundary between one connection and its Session actor: decoded PDUs and framing
 * failures become messages, nothing more. Reading pauses ({@code autoRead=false}) while the
 * session has {@code maxPending} PDUs it has not yet handled, so a fast or hostile initiator
 * cannot queue unbounded memory in the actor's mailbox.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    /** What the session receives from the connection. */
    public interface Sink {
        void pdu(Pdu pdu);

        void framingFailed(DecodeFailure failure);

        void closed();
    }

    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Sink sink;
    private volatile ChannelHandlerContext context; // set before the session exists (handlerAdded)

    public ConnectionHandler(int maxPending) {
        this.maxPending = maxPending;
    }

    /**
     * Actor thread: the session is ready; reading may start. The switch happens on the event loop
     * so that it cannot race the channel's registration: reading is turned on, then asked for.
     */
    public void attach(Sink sink) {
        this.sink = sink;
        ChannelHandlerContext ctx = context;
        ctx.channel().eventLoop().execute(() -> {
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    /** Actor thread: one PDU delivered earlier has been handled. */
    public void handled() {
        if (pending.decrementAndGet() == maxPending / 2) {
            ChannelHandlerContext ctx = context;
            if (ctx != null) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** Event loop. The listener creates channels with autoRead off; the session turns it on. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.context = ctx;
    }

    /** Event loop. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Sink target = sink;
        if (target == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof Pdu pdu) {
            if (pending.incrementAndGet() >= maxPending) {
                ctx.channel().config().setAutoRead(false);
            }
            target.pdu(pdu);
        } else if (msg instanceof DecodeFailure failure) {
            target.framingFailed(failure);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Event loop. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Sink target = sink;
        if (target != null) {
            target.closed();
        }
        ctx.fireChannelInactive();
    }

    /** Event loop: a socket error ends the connection; the session learns it from channelInactive. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** For sinks that are actors. */
    public static <T> Sink toActor(ActorRef<T> actor, java.util.function.Function<Pdu, T> onPdu,
                                   java.util.function.Function<DecodeFailure, T> onFailure, T onClosed) {
        return new Sink() {
            @Override
            public void pdu(Pdu pdu) {
                actor.tell(onPdu.apply(pdu));
            }

            @Override
            public void framingFailed(DecodeFailure failure) {
                actor.tell(onFailure.apply(failure));
            }

            @Override
            public void closed() {
                actor.tell(onClosed);
            }
        };
    }
}
