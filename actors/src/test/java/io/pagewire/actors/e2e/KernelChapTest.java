package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux kernel initiator (open-iscsi's iscsistart, see {@link KernelInitiatorTest}) logs in with
 * mutual CHAP to a target that also lists it in allowed-initiators, then writes and reads back
 * random data.
 */
class KernelChapTest {
    private static final long SIZE = 16L << 20;
    private static final Path SCRIPT = Path.of("..", "e2e", "kernel", "run.sh").toAbsolutePath().normalize();
    /** The InitiatorName e2e/kernel/init.sh gives iscsistart. */
    private static final String KERNEL_INITIATOR = "iqn.2026-11.io.pagewire:kernel-initiator";

    @TempDir
    static Path dir;

    private static TestTarget target;

    @BeforeAll
    static void start() {
        String luns = "[ { lun = 0, backend = file, path = \"" + dir.resolve("chap.img") + "\", size = " + SIZE + " } ]";
        target = TestTarget.start(luns, "targets = [ { iqn = \"" + TestTarget.IQN + "\", luns = " + luns + "\n"
                + "  chap { user = \"kernel\", secret = \"kernel-secret-01\" }\n"
                + "  mutual-chap { user = \"pagewire\", secret = \"pagewire-secret-02\" }\n"
                + "  allowed-initiators = [ \"" + KERNEL_INITIATOR + "\" ] } ]\n");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void kernelInitiatorLogsInWithMutualChap() {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " missing");
        Tool.Result result = Tool.run(Duration.ofMinutes(8), Map.of("PAGEWIRE_E2E_ISCSI_PARAMS",
                        "node.session.auth.authmethod=CHAP node.session.auth.username=kernel"
                        + " node.session.auth.password=kernel-secret-01 node.session.auth.username_in=pagewire"
                        + " node.session.auth.password_in=pagewire-secret-02"),
                List.of("bash", SCRIPT.toString(), String.valueOf(target.port()), TestTarget.IQN, String.valueOf(SIZE)));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("PAGEWIRE-KERNEL-E2E: PASS"), out);
        assertTrue(out.contains("write/read md5 match"), out);
        assertEquals(0, target.server().poolStats().doubleReleases());
    }
}
