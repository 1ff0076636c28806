package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pagewire.actors.PagewireServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A logical unit whose device handler keeps failing is restarted with backoff: while it is down
 * its commands are answered (CHECK CONDITION, then BUSY) rather than left hanging, it reopens the
 * device once the old one is closed, and I/O works again with the data intact. The other LUN and
 * the sessions never notice.
 */
class DeviceRestartTest {
    private static final int BLOCK = 512;
    private static final int FAILING = 0;
    private static final int HEALTHY = 1;
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private ControlledDevice device;
    private TestTarget target;
    private TestProbe<Object> probe;

    @BeforeEach
    void start() {
        device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        PagewireServer.DeviceFactory devices = lun -> lun.lun() == FAILING ? device.open(lun)
                : PagewireServer.BUILT_IN_DEVICES.open(lun);
        target = TestTarget.start("[ { lun = 0, backend = file, path = \"" + dir.resolve("lun0.img")
                + "\", size = 16MiB }, { lun = 1, backend = memory, size = 16MiB } ]", "", devices);
        probe = TestProbe.create(target.server().system());
    }

    @AfterEach
    void stop() {
        target.close();
    }

    @Test
    void aFailingDeviceIsRestartedWithBackoffAndNothingElseNotices() throws IOException {
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN);
             PduClient bystander = PduClient.login(target.port(), TestTarget.IQN)) {
            byte[] before = pattern(1);
            assertEquals(PduClient.GOOD, client.write10(FAILING, 64, before, BLOCK).status());

            device.failIo(true);
            device.failOpen(true);
            int checkConditions = 0;
            while (true) {
                PduClient.Outcome outcome = client.read10(FAILING, 64, before.length / BLOCK, BLOCK);
                if (outcome.status() == PduClient.BUSY) {
                    break; // the LU has taken its pipeline down to restart
                }
                assertEquals(PduClient.CHECK_CONDITION, outcome.status(), "a failed read is reported, not hung");
                assertEquals(0x3, outcome.senseKey(), "MEDIUM ERROR");
                if (++checkConditions > 100) {
                    fail("the LU never restarted after " + checkConditions + " failed reads");
                }
            }
            probe.awaitAssert(RECOVERY, () -> {
                assertTrue(device.openAttempts() >= 3, "reopen retried with backoff: " + device.openAttempts());
                return null;
            });
            assertEquals(PduClient.BUSY, client.read10(FAILING, 64, 8, BLOCK).status(), "still down: BUSY");
            assertEquals(PduClient.BUSY, client.write10(FAILING, 64, pattern(9), BLOCK).status());
            exerciseHealthyLun(bystander, 2);
            exerciseHealthyLun(client, 3);
            assertEquals(2, target.server().sessions().size(), "no session was dropped");

            device.failIo(false);
            device.failOpen(false);
            PduClient.Outcome back = probe.awaitAssert(RECOVERY, () -> {
                PduClient.Outcome outcome = client.read10(FAILING, 64, before.length / BLOCK, BLOCK);
                assertEquals(PduClient.GOOD, outcome.status(), "the LU is back");
                return outcome;
            });
            assertArrayEquals(before, back.data(), "the data written before the failure is there");
            byte[] after = pattern(4);
            assertEquals(PduClient.GOOD, client.write10(FAILING, 128, after, BLOCK).status());
            assertArrayEquals(after, client.read10(FAILING, 128, after.length / BLOCK, BLOCK).data());
            assertEquals(2, device.opens(), "opened at start and once more after the restart");
            assertEquals(0, device.overlappingOpens(), "never reopened while the old handler was open");
            exerciseHealthyLun(bystander, 5);
        }
        probe.awaitAssert(RECOVERY, () -> {
            assertEquals(0, target.server().poolStats().outstanding());
            return null;
        });
        assertEquals(0, target.server().poolStats().doubleReleases());
    }

    @Test
    void theDeviceIsReopenedOnlyAfterTheOldHandlerIsClosed() throws Exception {
        CountDownLatch closeHeld = device.holdClose();
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN)) {
            device.failIo(true);
            for (int attempts = 0; client.read10(FAILING, 0, 8, BLOCK).status() != PduClient.BUSY; attempts++) {
                assertTrue(attempts < 100, "the LU never restarted");
            }
            device.failIo(false);
            // The old handler cannot close yet; a reopen now would find the file still locked.
            // Several backoff periods pass without an attempt.
            probe.expectNoMessage(Duration.ofSeconds(1));
            assertEquals(1, device.openAttempts(), "no reopen while the old handler is open");
            assertEquals(PduClient.BUSY, client.read10(FAILING, 0, 8, BLOCK).status());
            closeHeld.countDown();
            probe.awaitAssert(RECOVERY, () -> {
                assertEquals(PduClient.GOOD, client.read10(FAILING, 0, 8, BLOCK).status(), "back after the close");
                return null;
            });
            assertEquals(2, device.openAttempts(), "one reopen, and it succeeded");
            assertEquals(0, device.overlappingOpens());
        } finally {
            closeHeld.countDown();
        }
    }

    @Test
    void aBackingFileThatDisappearedIsNotRecreatedEmptyOnReopen() throws Exception {
        Path image = dir.resolve("lun0.img");
        Path saved = dir.resolve("saved.img");
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN)) {
            byte[] before = pattern(6);
            assertEquals(PduClient.GOOD, client.write10(FAILING, 0, before, BLOCK).status());
            device.failIo(true);
            for (int attempts = 0; client.read10(FAILING, 0, 8, BLOCK).status() != PduClient.BUSY; attempts++) {
                assertTrue(attempts < 100, "the LU never restarted");
            }
            Files.move(image, saved); // the file is gone (unmounted, deleted) while the LU is down
            device.failIo(false);
            probe.expectNoMessage(Duration.ofSeconds(1)); // several backoff rounds of reopen attempts
            assertFalse(Files.exists(image), "no empty file was created in its place");
            assertEquals(1, device.openAttempts(), "the device was not opened without its file");
            assertEquals(PduClient.BUSY, client.read10(FAILING, 0, 8, BLOCK).status(), "still down");
            Files.move(saved, image); // the operator puts it back
            PduClient.Outcome back = probe.awaitAssert(RECOVERY, () -> {
                PduClient.Outcome outcome = client.read10(FAILING, 0, before.length / BLOCK, BLOCK);
                assertEquals(PduClient.GOOD, outcome.status(), "the LU is back");
                return outcome;
            });
            assertArrayEquals(before, back.data(), "with its data");
        }
    }

    @Test
    void anOrderlyStopFinishesWhileTheDeviceCannotBeReopened() throws Exception {
        try (PduClient client = PduClient.login(target.port(), TestTarget.IQN)) {
            device.failIo(true);
            device.failOpen(true);
            for (int attempts = 0; client.read10(FAILING, 0, 8, BLOCK).status() != PduClient.BUSY; attempts++) {
                assertTrue(attempts < 100, "the LU never restarted");
            }
            probe.awaitAssert(RECOVERY, () -> {
                assertTrue(device.openAttempts() >= 3, "reopen failing repeatedly: " + device.openAttempts());
                return null;
            });
        }
        // The LU is between restarts; its Close must still be answered, well before the ask times out.
        CompletableFuture.runAsync(target::close).get(15, TimeUnit.SECONDS);
        assertEquals(0, device.live(), "the device was closed");
    }

    private static void exerciseHealthyLun(PduClient client, int seed) throws IOException {
        byte[] data = pattern(seed);
        assertEquals(PduClient.GOOD, client.write10(HEALTHY, 0, data, BLOCK).status(), "the other LUN writes");
        PduClient.Outcome read = client.read10(HEALTHY, 0, data.length / BLOCK, BLOCK);
        assertEquals(PduClient.GOOD, read.status());
        assertArrayEquals(data, read.data(), "and reads back");
    }

    private static byte[] pattern(int seed) {
        byte[] data = new byte[16 * 1024];
        new Random(seed).nextBytes(data);
        return data;
    }
}
