package io.pagewire.actors.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.pagewire.actors.config.Portal;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.session.SessionActor;
import io.pagewire.actors.session.SessionEnvironment;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.codec.PduFrameDecoder;
import io.pagewire.protocol.codec.PduLimits;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Listens on one portal and gives every accepted connection its own Session actor, a child of
 * this listener: a failing session stops alone. Reading from a new connection starts only once
 * its session is attached, and the connection is closed when its session stops for any reason.
 */
public final class PortalListener extends AbstractBehavior<PortalListener.Command> {

    public sealed interface Command {
    }

    /** Stop accepting connections; existing sessions go on. */
    public record Unbind(ActorRef<Unbound> replyTo) implements Command {
    }

    public record Unbound(Portal portal) {
    }

    /** Told to whoever started the listener. */
    public sealed interface Report {
    }

    public record Bound(Portal portal, InetSocketAddress address) implements Report {
    }

    public record BindFailed(Portal portal, Throwable cause) implements Report {
    }

    private record BindResult(ChannelFuture future) implements Command {
    }

    private record Accepted(SocketChannel channel) implements Command {
    }

    private record SessionEnded(SocketChannel channel) implements Command {
    }

    private final ActorContext<Command> context;
    private final Portal portal;
    private final EventLoopDispatchers loops;
    private final SessionEnvironment env;
    private final ActorRef<Report> reportTo;
    private Channel serverChannel;
    private long accepted;

    public static Behavior<Command> create(Portal portal, Transport transport, EventLoopGroup boss,
                                           EventLoopGroup workers, SessionEnvironment env, ActorRef<Report> reportTo) {
        return create(portal, transport, ZeroCopyPolicy.off(), boss, workers, null, env, reportTo);
    }

    /**
     * As above; connections of a zero-copy capable transport send zero-copy as {@code zeroCopy} decides,
     * and with {@code loops} (else null) each session runs on its connection's event loop.
     */
    public static Behavior<Command> create(Portal portal, Transport transport, ZeroCopyPolicy zeroCopy,
                                           EventLoopGroup boss, EventLoopGroup workers, EventLoopDispatchers loops,
                                           SessionEnvironment env, ActorRef<Report> reportTo) {
        return Behaviors.setup(ctx -> new PortalListener(ctx, portal, transport, zeroCopy, boss, workers, loops, env,
                reportTo));
    }

    private PortalListener(ActorContext<Command> context, Portal portal, Transport transport, ZeroCopyPolicy zeroCopy,
                           EventLoopGroup boss, EventLoopGroup workers, EventLoopDispatchers loops,
                           SessionEnvironment env, ActorRef<Report> reportTo) {
        super(context);
        this.context = context;
        this.portal = portal;
        this.loops = loops;
        this.env = env;
        this.reportTo = reportTo;
        ActorRef<Command> self = context.getSelf();
        int maxPending = env.session().maxPendingPdus();
        boolean zeroCopyCapable = transport.zeroCopyCapable();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (env.session().sendBuffer() > 0) {
                            ch.config().setSendBufferSize(env.session().sendBuffer());
                        }
                        if (zeroCopyCapable && zeroCopy.zeroCopyFor(ch.remoteAddress())) {
                            ch.pipeline().addLast("zero-copy", new ZeroCopyGate(zeroCopy.budget(), zeroCopy.threshold()));
                        }
                        if (env.session().auditPayloads()) {
                            ActorRef<PagePool.Command> pool = env.pool();
                            ch.pipeline().addFirst("payload-audit", new PayloadAudit(
                                    (pageBytes, otherBytes) -> pool.tell(new PagePool.PayloadsAudited(pageBytes, otherBytes))));
                        }
                        ch.pipeline()
                                .addLast("frames", new PduFrameDecoder(PduLimits.LOGIN_DEFAULTS))
                                .addLast("pdus", PduEncoder.of(false, false))
                                .addLast("session", new ConnectionHandler(maxPending));
                        self.tell(new Accepted(ch));
                    }
                });
        ChannelFuture bind = bootstrap.bind(portal.host(), portal.port());
        bind.addListener(f -> self.tell(new BindResult(bind)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(BindResult.class, this::onBindResult)
                .onMessage(Accepted.class, this::onAccepted)
                .onMessage(Unbind.class, this::onUnbind)
                .onMessage(SessionEnded.class, this::onSessionEnded)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onBindResult(BindResult result) {
        if (result.future().isSuccess()) {
            serverChannel = result.future().channel();
            reportTo.tell(new Bound(portal, (InetSocketAddress) serverChannel.localAddress()));
            return this;
        }
        reportTo.tell(new BindFailed(portal, result.future().cause()));
        return Behaviors.stopped();
    }

    private Behavior<Command> onAccepted(Accepted accepted) {
        if (serverChannel == null || !serverChannel.isOpen()) {
            accepted.channel().close();
            return this;
        }
        this.accepted++;
        context.getLog().debug("connection {} from {}: {}", this.accepted, accepted.channel().remoteAddress(),
                accepted.channel().pipeline().get(ZeroCopyGate.class) != null ? "zero-copy sends" : "plain sends");
        String loop = loops == null ? null : loops.dispatcherOf(accepted.channel().eventLoop());
        Behavior<SessionActor.Command> behavior = SessionActor.create(accepted.channel(), env);
        ActorRef<SessionActor.Command> session = loop == null
                ? context.spawn(behavior, "session-" + this.accepted)
                : context.spawn(behavior, "session-" + this.accepted, DispatcherSelector.fromConfig(loop));
        context.watchWith(session, new SessionEnded(accepted.channel()));
        return this;
    }

    /**
     * However a session ends — logout, error, or an exception in any phase (children stop on
     * failure) — its connection ends with it.
     */
    private Behavior<Command> onSessionEnded(SessionEnded ended) {
        ended.channel().close();
        return this;
    }

    private Behavior<Command> onUnbind(Unbind unbind) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        unbind.replyTo().tell(new Unbound(portal));
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (serverChannel != null) {
            serverChannel.close();
        }
        return this;
    }
}
