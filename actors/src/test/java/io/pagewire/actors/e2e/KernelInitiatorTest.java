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
 * The Linux kernel initiator (open-iscsi's iscsistart in a Debian kernel booted under
 * qemu-system-x86_64) logs in to an in-process Pagewire, checks the disk size, and writes and reads
 * back random data through the kernel's block layer. e2e/kernel/run.sh does the work and installs
 * what it needs; it prints PASS only when every check held.
 */
class KernelInitiatorTest {
    private static final long SIZE = 64L << 20;
    private static final Path SCRIPT = Path.of("..", "e2e", "kernel", "run.sh").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.file(dir.resolve("kernel.img"), String.valueOf(SIZE));
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void kernelInitiatorReadsAndWritesWithDefaultNegotiation() {
        String out = boot(Map.of());
        assertTrue(out.contains("disk /dev/sd") && out.contains("size=" + SIZE), out);
    }

    @Test
    void kernelInitiatorReadsAndWritesThroughR2tOnlyWithSmallSegments() {
        boot(Map.of("PAGEWIRE_E2E_ISCSI_PARAMS", "node.session.iscsi.InitialR2T=Yes node.session.iscsi.ImmediateData=No"
                + " node.conn[0].iscsi.MaxRecvDataSegmentLength=8192"));
    }

    /** Both CRC32C digests (RFC 7143 §13.1), as the kernel computes them: every PDU checked both ways. */
    @Test
    void kernelInitiatorReadsAndWritesWithHeaderAndDataDigests() {
        boot(Map.of("PAGEWIRE_E2E_ISCSI_PARAMS",
                "node.conn[0].iscsi.HeaderDigest=CRC32C node.conn[0].iscsi.DataDigest=CRC32C"));
    }

    private static String boot(Map<String, String> env) {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " missing");
        Tool.Result result = Tool.run(Duration.ofMinutes(8), env,
                List.of("bash", SCRIPT.toString(), String.valueOf(target.port()), TestTarget.IQN, String.valueOf(SIZE)));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        assertTrue(out.contains("PAGEWIRE-KERNEL-E2E: PASS"), out);
        assertTrue(out.contains("write/read md5 match"), out);
        assertEquals(0, target.server().poolStats().doubleReleases());
        return out;
    }
}
