package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.config.PagewireConfig;
import io.pagewire.actors.pool.PoolStats;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;

/** An in-process Pagewire on an ephemeral loopback port, for end-to-end tests. */
final class TestTarget implements AutoCloseable {
    static final String IQN = "iqn.2026-11.io.pagewire:test";

    private final PagewireServer server;

    private TestTarget(PagewireServer server) {
        this.server = server;
    }

    /**
     * What real initiators meet: every new I_T nexus first gets the POWER ON unit attention, which
     * libiscsi and the kernel clear with a retried TEST UNIT READY.
     */
    static final String POWER_ON_UNIT_ATTENTION = "power-on-unit-attention = on";

    /**
     * For {@code extra}: no page reserve. Tests that count a live session's pages exactly turn it off,
     * since reserved pages are leased in the pool's stats until the session ends.
     */
    static final String NO_PAGE_RESERVE = "session.page-reserve = 0";

    /**
     * One target {@link #IQN}; {@code luns} is the HOCON list of LUN objects. For the raw test clients,
     * which send their first READ or WRITE right after login, the power-on unit attention is off unless
     * {@code extra} has {@link #POWER_ON_UNIT_ATTENTION}.
     */
    static TestTarget start(String luns, String extra) {
        return start(luns, extra, PagewireServer.BUILT_IN_DEVICES);
    }

    /** As {@link #start(String, String)}, with the devices opened by {@code devices}. */
    static TestTarget start(String luns, String extra, PagewireServer.DeviceFactory devices) {
        String hocon = "pagewire { portals = [\"127.0.0.1:0\"]\n"
                + "targets = [ { iqn = \"" + IQN + "\", luns = " + luns + " } ]\n"
                + "power-on-unit-attention = off\n" + extra + "\n}";
        return new TestTarget(PagewireServer.start(PagewireConfig.from(ConfigFactory.parseString(hocon)), devices));
    }

    static TestTarget memory(String size) {
        return start("[ { lun = 0, backend = memory, size = " + size + " } ]", POWER_ON_UNIT_ATTENTION);
    }

    static TestTarget file(Path path, String size) {
        return start("[ { lun = 0, backend = file, path = \"" + path + "\", size = " + size + " } ]",
                POWER_ON_UNIT_ATTENTION);
    }

    int port() {
        return server.port();
    }

    String portal() {
        return "127.0.0.1:" + port();
    }

    String url(int lun) {
        return "iscsi://127.0.0.1:" + port() + "/" + IQN + "/" + lun;
    }

    PagewireServer server() {
        return server;
    }

    /**
     * Waits until every page is back in the pool and none came back twice (page returns are messages,
     * so this polls), within {@code timeout}; returns the pool's account.
     */
    PoolStats awaitEveryPageFree(Duration timeout) {
        TestProbe<Void> probe = TestProbe.create(server.system());
        try {
            return probe.awaitAssert(timeout, () -> {
                PoolStats stats = server.poolStats();
                assertEquals(0, stats.outstanding(), stats::summary);
                assertEquals(0, stats.doubleReleases(), stats::summary);
                return stats;
            });
        } finally {
            probe.stop();
        }
    }

    /** {@link #awaitEveryPageFree(Duration)} within 10 s. */
    PoolStats awaitEveryPageFree() {
        return awaitEveryPageFree(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        server.close();
    }
}
