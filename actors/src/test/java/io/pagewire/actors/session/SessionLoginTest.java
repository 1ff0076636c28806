package io.pagewire.actors.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.netty.channel.EventLoopGroup;
import io.pagewire.actors.config.PagewireConfig;
import io.pagewire.actors.config.Portal;
import io.pagewire.actors.config.TransportKind;
import io.pagewire.actors.e2e.RawInitiator;
import io.pagewire.actors.netty.PortalListener;
import io.pagewire.actors.netty.Transport;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.LogicalUnitActor;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.streams.commands.CommandTable;
import io.pagewire.streams.commands.LogicalUnitInfo;
import io.pagewire.streams.devices.DeviceHandlers;
import io.pagewire.streams.pipeline.IoPipeline;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session login with the Pekko testkit: a real {@link PortalListener} and real sessions on a
 * loopback port, a {@link RawInitiator} on the other end, and test probes where a session meets
 * the rest of the node. The registry is a probe the test answers for (the TSIH it picks is the one
 * the Login Response carries), or the real {@link SessionRegistry} under a monitor; the PagePool is
 * real and monitored, so its page count can be checked after a READ.
 */
class SessionLoginTest {
    private static final String TARGET = "iqn.2026-11.io.pagewire:session-login";
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:session-login-initiator";
    private static final long ISID = RawInitiator.ISID_BASE | 0x2a;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long LUN_BYTES = 16L << 20;

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static PagewireConfig config;
    private static Transport transport;
    private static EventLoopGroup boss;
    private static EventLoopGroup workers;
    private static TargetRuntime target;

    private TestProbe<PagePool.Command> poolMonitor;
    private ActorRef<PagePool.Command> pool;
    private PagePool.Info poolInfo;
    private ActorRef<PortalListener.Command> listener;
    private TestProbe<SessionRegistry.Command> registryProbe;

    @BeforeAll
    static void startNode() {
        // The settings as the real parser builds them; the target itself is assembled below.
        config = PagewireConfig.from(ConfigFactory.parseString("pagewire {\n"
                + " portals = [\"127.0.0.1:0\"]\n"
                + " targets = [ { iqn = \"" + TARGET + "\", luns = [ { lun = 0, backend = memory, size = 16MiB } ] } ]\n"
                + " session.nop-in-interval = 0s\n"
                + " session.page-reserve = 0\n" // the test counts the session's pages exactly
                + " pool.pages = 64\n"
                + "}"));
        Geometry geometry = Geometry.ofBytes(LUN_BYTES, 512);
        LogicalUnit lu = new LogicalUnit(new LogicalUnitInfo(0, geometry, "PAGEWIRE", "session test", "0001",
                "0123456789abcdef", 0x3000_0000_0000_0001L, TARGET, 1, List.of(0), false));
        Executor blockingIo = testKit.system().dispatchers()
                .lookup(DispatcherSelector.fromConfig(IoPipeline.DEFAULT_DISPATCHER));
        testKit.spawn(LogicalUnitActor.supervised(lu, () -> DeviceHandlers.open("memory", null, LUN_BYTES, 512),
                config.io().parallelism(), config.io().queueCapacity(), config.io().inlineReads(), blockingIo), "lu-0");
        target = new TargetRuntime(TARGET, null, Map.of(0, lu));
        transport = Transport.select(TransportKind.NIO);
        boss = transport.newGroup(1);
        workers = transport.newGroup(2);
    }

    @AfterAll
    static void stopNode() {
        testKit.shutdownTestKit();
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void freshPool() {
        poolMonitor = testKit.createTestProbe();
        poolInfo = new PagePool.Info(config.pool().pageSize(), config.pool().pages());
        pool = testKit.spawn(Behaviors.monitor(PagePool.Command.class, poolMonitor.getRef(), PagePool.create(poolInfo)));
        registryProbe = testKit.createTestProbe();
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            testKit.stop(listener); // and its sessions, its children
        }
        testKit.stop(pool);
    }

    /** A listener whose sessions register with {@code sessionRegistry}; returns its port. */
    private int listen(ActorRef<SessionRegistry.Command> sessionRegistry) {
        SessionEnvironment env = new SessionEnvironment(pool, poolInfo, sessionRegistry,
                Map.of(TARGET, target), List.of(new Portal("127.0.0.1", 0)), config.session(), config.negotiation(),
                CommandTable.standard());
        TestProbe<PortalListener.Report> reports = testKit.createTestProbe();
        listener = testKit.spawn(PortalListener.create(new Portal("127.0.0.1", 0), transport, boss, workers, env,
                reports.getRef()));
        return reports.expectMessageClass(PortalListener.Bound.class, TIMEOUT).address().getPort();
    }

    @Test
    void theFinalLoginResponseCarriesTheTsihTheRegistryAssigned() throws Exception {
        int port = listen(registryProbe.getRef());
        try (RawInitiator client = RawInitiator.connect(port)) {
            CompletableFuture<RawInitiator.Login> login = loginAsync(client, ISID);

            SessionRegistry.Register register = registryProbe.expectMessageClass(SessionRegistry.Register.class, TIMEOUT);
            assertEquals(INITIATOR, register.initiatorName());
            assertEquals(ISID, register.isid());
            assertEquals(TARGET, register.targetName());
            assertEquals(0, register.tsih(), "a leading login asks for a new session");
            register.replyTo().tell(new SessionRegistry.Registration(0x1234, SessionRegistry.Outcome.NEW));

            RawInitiator.Login response = login.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0, response.code());
            assertTrue(response.succeeded());
            assertEquals(0x1234, response.tsih());
            assertEquals(ISID, response.isid());
            assertEquals(0, client.testUnitReady().status(), "the session is in full feature phase");
        }
        registryProbe.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aRegistryThatKnowsNoSuchSessionFailsTheLoginWithSessionDoesNotExist() throws Exception {
        int port = listen(registryProbe.getRef());
        try (RawInitiator client = RawInitiator.connect(port)) {
            CompletableFuture<RawInitiator.Login> login = CompletableFuture.supplyAsync(() -> unchecked(() ->
                    client.login(ISID, 0x0042, 0, RawInitiator.loginKeys(INITIATOR, TARGET))));
            SessionRegistry.Register register = registryProbe.expectMessageClass(SessionRegistry.Register.class, TIMEOUT);
            assertEquals(0x0042, register.tsih());
            register.replyTo().tell(new SessionRegistry.Registration(0, SessionRegistry.Outcome.SESSION_DOES_NOT_EXIST));

            RawInitiator.Login response = login.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(0x020a, response.code());
            assertEquals(0, response.tsih());
            assertTrue(client.expectClosed(TIMEOUT), "a refused login stays open");
            TestProbe<Object> watcher = testKit.createTestProbe();
            watcher.expectTerminated(register.session(), TIMEOUT);
        }
    }

    @Test
    void aSecondLoginWithTheSameIsidReinstatesTheFirstSession() throws Exception {
        int port = listen(testKit.spawn(Behaviors.monitor(SessionRegistry.Command.class, registryProbe.getRef(),
                SessionRegistry.create())));
        try (RawInitiator first = RawInitiator.connect(port); RawInitiator second = RawInitiator.connect(port)) {
            RawInitiator.Login firstLogin = first.login(INITIATOR, TARGET, ISID);
            assertEquals(0, firstLogin.code());
            SessionRegistry.Register firstRegister =
                    registryProbe.expectMessageClass(SessionRegistry.Register.class, TIMEOUT);

            RawInitiator.Login secondLogin = second.login(INITIATOR, TARGET, ISID);
            assertEquals(0, secondLogin.code());
            SessionRegistry.Register secondRegister =
                    registryProbe.expectMessageClass(SessionRegistry.Register.class, TIMEOUT);
            assertEquals(firstRegister.isid(), secondRegister.isid());
            assertNotEquals(firstRegister.session(), secondRegister.session());
            assertNotEquals(firstLogin.tsih(), secondLogin.tsih(), "reinstatement makes a new session");

            TestProbe<Object> watcher = testKit.createTestProbe();
            watcher.expectTerminated(firstRegister.session(), TIMEOUT);
            assertTrue(first.expectClosed(TIMEOUT), "the reinstated session's connection is still open");
            byte[] ping = "second".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(ping, second.ping(ping));
            assertEquals(0, second.testUnitReady().status());
        }
    }

    @Test
    void aReadLeasesOneSegmentAndEveryPageComesBackToThePool() throws Exception {
        int port = listen(testKit.spawn(SessionRegistry.create()));
        int blocks = 2048; // 1 MiB: one max-segment of 128 KiB pages
        try (RawInitiator client = RawInitiator.connect(port)) {
            assertEquals(0, client.login(INITIATOR, TARGET, ISID).code());
            assertEquals(blocks * RawInitiator.BLOCK_SIZE, client.read10(0, blocks).length);
            assertEquals(0, client.logout());
        }
        PagePool.Lease lease = poolMonitor.expectMessageClass(PagePool.Lease.class, TIMEOUT);
        assertEquals(config.session().maxSegment() / config.pool().pageSize(), lease.pages());

        TestProbe<PoolStats> stats = testKit.createTestProbe();
        stats.awaitAssert(TIMEOUT, () -> {
            pool.tell(new PagePool.GetStats(stats.getRef()));
            PoolStats s = stats.receiveMessage();
            assertEquals(s.totalPages(), s.freePages(), s::summary);
            assertEquals(1, s.leases());
            assertEquals(lease.pages(), s.releases().get(PagePool.ReleaseKind.TRANSPORT), "every page left by the socket");
            assertEquals(0, s.doubleReleases());
            return null;
        });
    }

    private static CompletableFuture<RawInitiator.Login> loginAsync(RawInitiator client, long isid) {
        // The login answer waits for the registry, which is this test thread: log in on another.
        return CompletableFuture.supplyAsync(() -> unchecked(() -> client.login(INITIATOR, TARGET, isid)));
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T unchecked(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
