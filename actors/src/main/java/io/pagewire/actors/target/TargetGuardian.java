package io.pagewire.actors.target;

import io.netty.channel.EventLoopGroup;
import io.pagewire.actors.config.PagewireConfig;
import io.pagewire.actors.config.Portal;
import io.pagewire.actors.config.TargetConfig;
import io.pagewire.actors.netty.EventLoopDispatchers;
import io.pagewire.actors.netty.PortalListener;
import io.pagewire.actors.netty.Transport;
import io.pagewire.actors.netty.ZeroCopyBudget;
import io.pagewire.actors.netty.ZeroCopyPolicy;
import io.pagewire.actors.config.Settings;
import io.pagewire.actors.config.ZeroCopyMode;
import io.pagewire.actors.lu.LogicalUnitControl;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.actors.session.SessionActor;
import io.pagewire.actors.session.SessionEnvironment;
import io.pagewire.actors.session.SessionRegistry;
import io.pagewire.actors.session.TargetAccess;
import io.pagewire.actors.session.UndeliveredPdus;
import io.pagewire.streams.commands.CommandTable;
import io.pagewire.streams.pipeline.IoPipeline;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The root of a Pagewire node, built from configuration: the PagePool, the session registry, one
 * actor per logical unit and one listener per portal. It reports when every portal is bound, and
 * runs the orderly shutdown: stop accepting, let sessions finish (up to a timeout), flush and close
 * every device.
 */
public final class TargetGuardian extends AbstractBehavior<TargetGuardian.Command> {

    public sealed interface Command {
    }

    public record Shutdown(ActorRef<Done> replyTo) implements Command {
    }

    public record GetPoolStats(ActorRef<PoolStats> replyTo) implements Command {
    }

    /** The sessions that completed login and are still open. */
    public record ListSessions(ActorRef<SessionRegistry.Sessions> replyTo) implements Command {
    }

    private record ListenerReport(PortalListener.Report report) implements Command {
    }

    private record SessionsListed(List<ActorRef<SessionActor.Command>> sessions) implements Command {
    }

    private record SessionEnded(ActorRef<SessionActor.Command> session) implements Command {
    }

    private enum DrainTimedOut implements Command {
        INSTANCE
    }

    private record DeviceClosed() implements Command {
    }

    /** A logical unit to serve and how to open its device. */
    public record LunSpec(LogicalUnit lu, LogicalUnitActor.DeviceOpener opener, LogicalUnitControl.Settings control) {
        /** Power-on unit attentions, no file for persistent reservations. */
        public LunSpec(LogicalUnit lu, LogicalUnitActor.DeviceOpener opener) {
            this(lu, opener, new LogicalUnitControl.Settings(lu.info().lun(), true, null, null,
                    lu.info().geometry().blockSize(), lu.info().removable()));
        }
    }

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final PagewireConfig config;
    private final ActorRef<PagePool.Command> pool;
    private final ActorRef<SessionRegistry.Command> registry;
    private final ZeroCopyPolicy zeroCopy;
    private final List<ActorRef<LogicalUnitActor.Command>> lus = new ArrayList<>();
    private final Map<Portal, ActorRef<PortalListener.Command>> listeners = new LinkedHashMap<>();
    private final Map<Portal, InetSocketAddress> bound = new LinkedHashMap<>();
    private final CompletableFuture<List<InetSocketAddress>> started;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Set<ActorRef<SessionActor.Command>> draining = new HashSet<>();
    private ActorRef<Done> shutdownReply;
    private int devicesOpen;

    public static Behavior<Command> create(PagewireConfig config, Map<String, TargetRuntime> targets,
                                           List<LunSpec> luns, ZeroCopyBudget zeroCopyBudget,
                                           EventLoopDispatchers loops,
                                           CompletableFuture<List<InetSocketAddress>> started) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new TargetGuardian(ctx, timers, config, targets, luns, zeroCopyBudget, loops, started)));
    }

    /** Netty worker threads (event loops): one per core. */
    public static int workerThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private TargetGuardian(ActorContext<Command> context, TimerScheduler<Command> timers, PagewireConfig config,
                           Map<String, TargetRuntime> targets, List<LunSpec> luns, ZeroCopyBudget zeroCopyBudget,
                           EventLoopDispatchers loops, CompletableFuture<List<InetSocketAddress>> started) {
        super(context);
        this.context = context;
        this.timers = timers;
        this.config = config;
        this.started = started;
        PagePool.Info poolInfo = new PagePool.Info(config.pool().pageSize(), config.pool().pages());
        this.pool = context.spawn(PagePool.create(poolInfo), "page-pool");
        this.registry = context.spawn(SessionRegistry.create(config.limits().maxSessions(), targetLimits(config)),
                "sessions");
        context.spawn(UndeliveredPdus.create(), "undelivered-pdus");
        Executor blockingIo = context.getSystem().dispatchers()
                .lookup(DispatcherSelector.fromConfig(IoPipeline.DEFAULT_DISPATCHER));
        for (LunSpec spec : luns) {
            lus.add(context.spawn(LogicalUnitActor.supervised(spec.lu(), spec.opener(), config.io().parallelism(),
                    config.io().queueCapacity(), config.io().inlineReads(), blockingIo), "lu-" + lus.size()));
            // A failing control actor restarts with what its files keep (APTPL, saved mode pages); sessions
            // keep their last views, and a control command that finds no answer fails on its own.
            spec.lu().control(context.spawn(Behaviors.supervise(LogicalUnitControl.create(spec.control(), spec.lu()))
                    .onFailure(SupervisorStrategy.restart()), "lu-control-" + (lus.size() - 1)));
        }
        this.devicesOpen = lus.size();
        SessionEnvironment env = new SessionEnvironment(pool, poolInfo, registry, targets,
                config.portals(), config.session(), config.negotiation(), CommandTable.standard(),
                TargetAccess.of(config.targets(), config.discovery()));
        Transport transport = Transport.select(config.transport());
        context.getLog().info("transport {} ({})", transport.name(), transport.reason());
        this.zeroCopy = zeroCopyPolicy(transport, config.zeroCopy(), zeroCopyBudget);
        this.boss = transport.newGroup(1);
        this.workers = transport.newGroup(workerThreads());
        if (loops != null) {
            loops.attach(workers);
        }
        ActorRef<PortalListener.Report> reports = context.messageAdapter(PortalListener.Report.class, ListenerReport::new);
        int n = 0;
        for (Portal portal : config.portals()) {
            listeners.put(portal, context.spawn(PortalListener.create(portal, transport, zeroCopy, boss, workers, loops, env, reports),
                    "portal-" + n++));
        }
    }

    /** The zero-copy decision of this process, logged once: only io_uring sends zero-copy, within RLIMIT_MEMLOCK. */
    private ZeroCopyPolicy zeroCopyPolicy(Transport transport, Settings.ZeroCopy settings, ZeroCopyBudget budget) {
        if (settings.mode() == ZeroCopyMode.NEVER) {
            context.getLog().info("zero-copy sends off (zero-copy = never)");
            return ZeroCopyPolicy.off();
        }
        if (!transport.zeroCopyCapable()) {
            context.getLog().info("zero-copy sends off (transport {} cannot send zero-copy)", transport.name());
            return ZeroCopyPolicy.off();
        }
        if (budget.limit() == 0) {
            context.getLog().warn("zero-copy sends off: RLIMIT_MEMLOCK unreadable or 0 (set LimitMEMLOCK)");
            return ZeroCopyPolicy.off();
        }
        context.getLog().info("zero-copy sends for Data-In payloads >= {} bytes to {}, at most {} bytes in flight "
                        + "(3/4 of RLIMIT_MEMLOCK)", settings.threshold(),
                settings.mode() == ZeroCopyMode.ALWAYS ? "every peer" : "peers on other hosts",
                budget.limit() == Long.MAX_VALUE ? "unlimited" : budget.limit());
        return new ZeroCopyPolicy(settings.mode(), settings.threshold(), budget);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ListenerReport.class, this::onListenerReport)
                .onMessage(GetPoolStats.class, this::onGetPoolStats)
                .onMessage(ListSessions.class, this::onListSessions)
                .onMessage(Shutdown.class, this::onShutdown)
                .onMessage(SessionsListed.class, this::onSessionsListed)
                .onMessage(SessionEnded.class, this::onSessionEnded)
                .onMessageEquals(DrainTimedOut.INSTANCE, this::onDrainTimedOut)
                .onMessage(DeviceClosed.class, this::onDeviceClosed)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onListenerReport(ListenerReport message) {
        if (message.report() instanceof PortalListener.Bound b) {
            bound.put(b.portal(), b.address());
            context.getLog().info("listening on {}", b.address());
            if (bound.size() == listeners.size()) {
                started.complete(List.copyOf(bound.values()));
            }
        } else if (message.report() instanceof PortalListener.BindFailed failed) {
            started.completeExceptionally(new IllegalStateException(
                    "cannot listen on " + failed.portal().address() + ": " + failed.cause().getMessage(), failed.cause()));
        }
        return this;
    }

    private Behavior<Command> onGetPoolStats(GetPoolStats request) {
        pool.tell(new PagePool.GetStats(request.replyTo()));
        return this;
    }

    private Behavior<Command> onListSessions(ListSessions request) {
        registry.tell(new SessionRegistry.ListSessions(request.replyTo()));
        return this;
    }

    private Behavior<Command> onShutdown(Shutdown shutdown) {
        if (shutdownReply != null) {
            return this;
        }
        shutdownReply = shutdown.replyTo();
        ActorRef<PortalListener.Unbound> ignore = context.getSystem().ignoreRef();
        listeners.values().forEach(listener -> listener.tell(new PortalListener.Unbind(ignore)));
        ActorRef<SessionRegistry.Sessions> listed = context.messageAdapter(SessionRegistry.Sessions.class,
                s -> new SessionsListed(s.sessions()));
        registry.tell(new SessionRegistry.ListSessions(listed));
        timers.startSingleTimer(DrainTimedOut.INSTANCE, config.shutdownTimeout());
        return this;
    }

    private Behavior<Command> onSessionsListed(SessionsListed listed) {
        for (ActorRef<SessionActor.Command> session : listed.sessions()) {
            draining.add(session);
            context.watchWith(session, new SessionEnded(session));
            session.tell(new SessionActor.RequestLogout(config.shutdownTimeout()));
        }
        if (draining.isEmpty()) {
            closeDevices();
        }
        return this;
    }

    private Behavior<Command> onSessionEnded(SessionEnded ended) {
        if (draining.remove(ended.session()) && draining.isEmpty()) {
            timers.cancel(DrainTimedOut.INSTANCE);
            closeDevices();
        }
        return this;
    }

    private Behavior<Command> onDrainTimedOut() {
        context.getLog().warn("{} session(s) still busy after {}; closing them", draining.size(),
                config.shutdownTimeout());
        listeners.values().forEach(context::stop); // stops their session children
        draining.clear();
        closeDevices();
        return this;
    }

    private void closeDevices() {
        if (lus.isEmpty()) {
            finishShutdown();
            return;
        }
        ActorRef<Done> closed = context.messageAdapter(Done.class, done -> new DeviceClosed());
        lus.forEach(lu -> lu.tell(new LogicalUnitActor.Close(closed)));
    }

    private Behavior<Command> onDeviceClosed(DeviceClosed closed) {
        if (--devicesOpen == 0) {
            finishShutdown();
        }
        return this;
    }

    private void finishShutdown() {
        listeners.values().forEach(context::stop);
        shutdownReply.tell(Done.getInstance());
    }

    private Behavior<Command> onPostStop() {
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        if (!started.isDone()) {
            started.completeExceptionally(new IllegalStateException("stopped before all portals were bound"));
        }
        return this;
    }

    /** The targets with a {@code max-sessions} of their own. */
    private static Map<String, Integer> targetLimits(PagewireConfig config) {
        Map<String, Integer> limits = new HashMap<>();
        for (TargetConfig target : config.targets()) {
            if (target.maxSessions() > 0) {
                limits.put(target.iqn(), target.maxSessions());
            }
        }
        return limits;
    }
}
