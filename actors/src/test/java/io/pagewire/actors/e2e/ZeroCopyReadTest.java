package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.uring.IoUring;
import io.pagewire.actors.netty.ZeroCopyBudget;
import io.pagewire.actors.pool.PoolStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * READs over io_uring with zero-copy sends: the bytes arrive intact and every page comes back to the
 * pool once the kernel's notifications are in. On loopback only {@code zero-copy = always} sends
 * zero-copy; {@code auto} keeps local peers on plain sends.
 */
class ZeroCopyReadTest {
    private static final int SIZE = 32 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String LUN = "[ { lun = 0, backend = memory, size = " + SIZE + " } ]";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsIoUring() {
        assumeTrue(IoUring.isAvailable(), () -> "io_uring unavailable: " + IoUring.unavailabilityCause());
        Tool.require("qemu-img");
    }

    @Test
    void alwaysSendsZeroCopyToALoopbackPeerAndReadsBackIdenticalBytes() throws IOException {
        try (TestTarget target = TestTarget.start(LUN,
                "transport = io_uring\nzero-copy = always\nzero-copy-threshold = 4KiB")) {
            byte[] data = writeAndReadBack(target);
            ZeroCopyBudget budget = target.server().zeroCopyBudget();
            assertTrue(budget.zeroCopySends() > 0, "no payload went zero-copy");
            PoolStats stats = awaitAllPagesBack(target, budget);
            assertEquals(SIZE, data.length);
            assertTrue(stats.zeroCopySends() > 0 && stats.zeroCopySends() <= stats.handedToTransport(),
                    "the pool counts the pages that came back from zero-copy sends: " + stats.summary());
        }
    }

    @Test
    void autoKeepsALoopbackPeerOnPlainSends() throws IOException {
        try (TestTarget target = TestTarget.start(LUN, "transport = io_uring\nzero-copy = auto")) {
            writeAndReadBack(target);
            ZeroCopyBudget budget = target.server().zeroCopyBudget();
            assertEquals(0, budget.zeroCopySends());
            assertEquals(0, awaitAllPagesBack(target, budget).zeroCopySends(), "no page went zero-copy");
        }
    }

    private byte[] writeAndReadBack(TestTarget target) throws IOException {
        byte[] data = new byte[SIZE];
        new Random(20261125L).nextBytes(data);
        Path source = dir.resolve("source.raw");
        Path back = dir.resolve("back.raw");
        Files.write(source, data);
        Tool.run(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), target.url(0))
                .assertSuccess("qemu-img convert to the LUN");
        Tool.run(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw", target.url(0), back.toString())
                .assertSuccess("qemu-img convert from the LUN");
        byte[] read = Files.readAllBytes(back);
        assertArrayEquals(data, read);
        return read;
    }

    /** Zero-copy pages return after the kernel's notification, which may trail the initiator's last read. */
    private static PoolStats awaitAllPagesBack(TestTarget target, ZeroCopyBudget budget) {
        TestProbe<Void> waiter = TestProbe.create(target.server().system());
        return waiter.awaitAssert(Duration.ofSeconds(10), () -> {
            PoolStats stats = target.server().poolStats();
            assertEquals(stats.totalPages(), stats.freePages(), stats::summary);
            assertEquals(0, budget.inFlightBytes(), "zero-copy bytes still counted in flight");
            return stats;
        });
    }
}
