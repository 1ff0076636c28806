package io.pagewire.actors;

import io.pagewire.actors.config.Backend;
import io.pagewire.actors.config.ConfigError;
import io.pagewire.actors.config.LunConfig;
import io.pagewire.actors.config.PagewireConfig;
import io.pagewire.actors.config.TargetConfig;
import io.pagewire.actors.netty.EventLoopDispatchers;
import io.pagewire.actors.netty.ZeroCopyBudget;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.actors.session.SessionActor;
import io.pagewire.actors.session.SessionRegistry;
import io.pagewire.actors.lu.LogicalUnitControl;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.LogicalUnitActor;
import io.pagewire.actors.target.TargetGuardian;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.streams.commands.LogicalUnitInfo;
import io.pagewire.streams.commands.ModeParameters;
import io.pagewire.streams.devices.DeviceHandlers;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running Pagewire node: opens every device (so a bad file fails start-up with a clear message
 * before anything listens), starts the actor system, and waits until every portal is bound.
 */
public final class PagewireServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<TargetGuardian.Command> system;
    private final List<InetSocketAddress> addresses;
    private final Duration shutdownTimeout;
    private final ZeroCopyBudget zeroCopyBudget;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PagewireServer(ActorSystem<TargetGuardian.Command> system, List<InetSocketAddress> addresses,
                           Duration shutdownTimeout, ZeroCopyBudget zeroCopyBudget) {
        this.system = system;
        this.addresses = addresses;
        this.shutdownTimeout = shutdownTimeout;
        this.zeroCopyBudget = zeroCopyBudget;
    }

    /** Opens the device behind one configured LUN, at start and again after each restart of its LU. */
    @FunctionalInterface
    public interface DeviceFactory {
        DeviceHandler open(LunConfig lun) throws IOException;
    }

    /** The file, memory and null backends of {@link DeviceHandlers}. */
    public static final DeviceFactory BUILT_IN_DEVICES = lun -> DeviceHandlers.open(
            lun.backend().name().toLowerCase(Locale.ROOT), lun.path(), lun.sizeBytes(), lun.blockSize(), lun.readOnly());

    public static PagewireServer start(PagewireConfig config) {
        return start(config, BUILT_IN_DEVICES);
    }

    /**
     * Starts a node whose devices come from {@code devices} instead of the built-in backends (an
     * embedding application's own {@link DeviceHandler}, or a test's). The factory must return a
     * handler of the configured size and block size.
     */
    public static PagewireServer start(PagewireConfig config, DeviceFactory devices) {
        Map<String, TargetRuntime> targets = new LinkedHashMap<>();
        List<TargetGuardian.LunSpec> specs = new ArrayList<>();
        List<DeviceHandler> opened = new ArrayList<>();
        try {
            for (TargetConfig target : config.targets()) {
                Map<Integer, LogicalUnit> luns = new LinkedHashMap<>();
                List<Integer> numbers = target.luns().stream().map(LunConfig::lun).toList();
                for (LunConfig lun : target.luns()) {
                    DeviceHandler first = open(devices, lun);
                    opened.add(first);
                    LogicalUnit lu = new LogicalUnit(info(config, target, lun, first.geometry(), numbers));
                    luns.put(lun.lun(), lu);
                    specs.add(new TargetGuardian.LunSpec(lu, reopener(devices, lun, first), control(config, lun)));
                }
                targets.put(target.iqn(), new TargetRuntime(target.iqn(), target.alias(), luns));
            }
        } catch (RuntimeException e) {
            opened.forEach(PagewireServer::closeQuietly);
            throw e;
        }
        CompletableFuture<List<InetSocketAddress>> started = new CompletableFuture<>();
        ZeroCopyBudget zeroCopyBudget = ZeroCopyBudget.fromMemlockLimit();
        EventLoopDispatchers loops = config.session().onEventLoop()
                ? new EventLoopDispatchers(TargetGuardian.workerThreads()) : null;
        ActorSystem<TargetGuardian.Command> system = ActorSystem.create(
                TargetGuardian.create(config, targets, specs, zeroCopyBudget, loops, started), "pagewire",
                loops == null ? config.config() : loops.config().withFallback(config.config()));
        if (loops != null) {
            system.getWhenTerminated().whenComplete((done, failure) -> loops.close());
        }
        try {
            List<InetSocketAddress> addresses = started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new PagewireServer(system, addresses, config.shutdownTimeout(), zeroCopyBudget);
        } catch (Exception e) {
            system.terminate();
            awaitTermination(system);
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    public int port() {
        return addresses.get(0).getPort();
    }

    public ActorSystem<TargetGuardian.Command> system() {
        return system;
    }

    public PoolStats poolStats() {
        return AskPattern.<TargetGuardian.Command, PoolStats>ask(system, TargetGuardian.GetPoolStats::new,
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join();
    }

    /** This process's zero-copy sends: bytes in flight, sends admitted, plain fallbacks (any thread). */
    public ZeroCopyBudget zeroCopyBudget() {
        return zeroCopyBudget;
    }

    /** The sessions that completed login and have not ended yet (normal and discovery). */
    public List<ActorRef<SessionActor.Command>> sessions() {
        return AskPattern.<TargetGuardian.Command, SessionRegistry.Sessions>ask(system, TargetGuardian.ListSessions::new,
                Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join().sessions();
    }

    /** Orderly stop: no new connections, sessions finish, devices flushed and closed. Idempotent. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            AskPattern.<TargetGuardian.Command, org.apache.pekko.Done>ask(system, TargetGuardian.Shutdown::new,
                    shutdownTimeout.plusSeconds(20), system.scheduler()).toCompletableFuture().join();
        } catch (RuntimeException e) {
            system.log().warn("orderly shutdown did not finish: {}", e.getMessage());
        }
        system.terminate();
        awaitTermination(system);
    }

    private static void awaitTermination(ActorSystem<?> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the JVM is going away or the test has failed already; nothing more to wait for
        }
    }

    private static DeviceHandler open(DeviceFactory devices, LunConfig lun) {
        try {
            return devices.open(lun);
        } catch (IOException | RuntimeException e) {
            throw new ConfigError("LUN " + lun.lun() + (lun.path() == null ? "" : " (" + lun.path() + ")") + ": "
                    + e.getMessage());
        }
    }

    /**
     * The first start uses the device opened at boot; restarts after a failure open it again. A
     * backing file that has disappeared meanwhile is not recreated: an empty disk in place of the
     * initiator's data would be silent data loss. The LU stays down (BUSY) and retries until the
     * file is back.
     */
    private static LogicalUnitActor.DeviceOpener reopener(DeviceFactory devices, LunConfig lun, DeviceHandler first) {
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.compareAndSet(false, true)) {
                return first;
            }
            if (lun.backend() == Backend.FILE && !Files.isRegularFile(lun.path())) {
                throw new IOException("LUN " + lun.lun() + ": backing file " + lun.path().toAbsolutePath()
                        + " has disappeared; not creating an empty one in its place");
            }
            return open(devices, lun);
        };
    }

    /**
     * The control actor's settings: persistent reservations with APTPL and saved mode pages are kept
     * next to a file LUN ({@code path + ".pr"}, {@code path + ".mode"}); memory and null LUNs cannot
     * keep them (PTPL_C = 0, MODE SELECT with SP refused).
     */
    private static LogicalUnitControl.Settings control(PagewireConfig config, LunConfig lun) {
        boolean file = lun.backend() == Backend.FILE;
        Path reservations = file ? lun.path().resolveSibling(lun.path().getFileName() + ".pr") : null;
        Path modePages = file ? lun.path().resolveSibling(lun.path().getFileName() + ".mode") : null;
        return new LogicalUnitControl.Settings(lun.lun(),
                config.config().getBoolean("pagewire.power-on-unit-attention"), reservations, modePages,
                lun.blockSize(), lun.removable(),
                lun.writeCache() ? ModeParameters.DEFAULT : new ModeParameters(false, false, false),
                lun.sanitizeRate());
    }

    private static LogicalUnitInfo info(PagewireConfig config, TargetConfig target, LunConfig lun, Geometry geometry,
                                        List<Integer> allLuns) {
        byte[] digest = sha256(target.iqn() + "/" + lun.lun());
        long local = 0;
        for (int i = 0; i < 8; i++) {
            local = (local << 8) | (digest[i] & 0xff);
        }
        // NAA 3, locally assigned (SPC-4 §7.8.6.6.3): stable for the same target name and LUN.
        long naa = (0x3L << 60) | (local & 0x0fff_ffff_ffff_ffffL);
        String serial = String.format("%016x", local);
        return new LogicalUnitInfo(lun.lun(), geometry, config.identity().vendor(), config.identity().product(),
                config.identity().revision(), serial, naa, target.iqn(), 1, allLuns, lun.thinProvisioning(),
                LogicalUnitInfo.defaultMaxTransferBlocks(geometry), lun.writeCache(), lun.readOnly(), lun.removable(),
                lun.physicalBlockExponent());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(DeviceHandler handler) {
        try {
            handler.close();
        } catch (Exception e) {
            // start-up already failed with the reason that matters
        }
    }
}
