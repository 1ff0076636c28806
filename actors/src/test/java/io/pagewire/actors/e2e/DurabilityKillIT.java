package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged durable write survives a crash: the packaged {@code pagewire.jar} serves a file
 * LUN to a raw-socket writer issuing WRITE(10)s — some with FUA, some plain, now and then a
 * SYNCHRONIZE CACHE(10) — and is killed with SIGKILL in the middle of the stream. A new process is
 * started on the same file and every write acknowledged with FUA, or acknowledged before a
 * SYNCHRONIZE CACHE that completed, must read back with the same SHA-256.
 *
 * <p>Writes in one round never overlap (each goes to fresh LBAs), so every recorded block has exactly
 * one expected content. The kill comes after a random number of durable acknowledgements. Rounds:
 * system property {@code pagewire.kill.iterations} (2 in {@code mvn verify}, 20 with {@code -Pkill}).
 *
 * <p>A SIGKILL loses what the process held, not what the kernel held: this proves the target never
 * answers GOOD before the data reached the file, and that a restart after a crash (stale lock, no
 * orderly close) reopens the file with the data. That FUA and SYNCHRONIZE CACHE call
 * {@code fdatasync} before GOOD is shown by {@code WriteCacheTest}.
 */
class DurabilityKillIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration ROUND = Duration.ofSeconds(60);
    private static final String IQN = "iqn.2026-11.io.pagewire:durability";
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:kill-writer";
    private static final long SIZE = 64L << 20;
    private static final int BLOCKS = (int) (SIZE / RawInitiator.BLOCK_SIZE);
    private static final int MAX_WRITE_BLOCKS = 32;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    private Launched running;

    @AfterEach
    void kill() {
        if (running != null) {
            running.process.destroyForcibly();
        }
    }

    @Test
    void everyDurablyAcknowledgedWriteSurvivesSigkill() throws Exception {
        int iterations = Integer.getInteger("pagewire.kill.iterations", 2);
        long seed = Long.getLong("pagewire.kill.seed", System.nanoTime());
        Path image = dir.resolve("disk.img");
        int port = freePort();
        Path conf = dir.resolve("pagewire.conf");
        Files.writeString(conf, "pagewire {\n  portals = [ \"127.0.0.1:" + port + "\" ]\n  targets = [ { iqn = \"" + IQN
                + "\", luns = [ { lun = 0, backend = file, path = \"" + image + "\", size = " + SIZE + " } ] } ]\n}\n");
        running = Launched.start(conf);

        for (int round = 0; round < iterations; round++) {
            Random random = new Random(seed + round);
            String where = "round " + round + " of seed " + seed + " (-Dpagewire.kill.seed=" + seed + ")";
            int killAfter = 10 + random.nextInt(300);
            Writer writer = new Writer(port, random, killAfter);
            Thread thread = new Thread(writer, "kill-writer-" + round);
            thread.start();
            if (!writer.enoughDurable.await(ROUND.toSeconds(), TimeUnit.SECONDS)) {
                writer.stop = true;
                thread.join(ROUND.toMillis());
                fail(where + ": only " + writer.durable.size() + " durable writes within " + ROUND
                        + (writer.failure != null ? ", writer failed: " + writer.failure : ""));
            }
            // SIGKILL, in the middle of the stream: the writer is still sending.
            running.process.toHandle().destroyForcibly();
            assertTrue(running.process.waitFor(START.toSeconds(), TimeUnit.SECONDS), where + ": still alive");
            assertEquals(SIGKILL_EXIT, running.process.exitValue(), where + ": not ended by the SIGKILL");
            thread.join(ROUND.toMillis());
            assertFalse(thread.isAlive(), where + ": the writer did not notice the kill");

            running = Launched.start(conf);
            List<Written> expected;
            synchronized (writer) {
                expected = List.copyOf(writer.durable);
            }
            try (RawInitiator reader = RawInitiator.connect(port)) {
                assertTrue(reader.login(INITIATOR, IQN).succeeded(), where + ": login after restart");
                for (Written w : expected) {
                    byte[] back = reader.read10(w.lba, w.blocks);
                    assertEquals(w.sha256, sha256(back), () -> where + ": " + w + " lost or torn after SIGKILL");
                }
                assertEquals(0, reader.logout());
            }
            System.out.printf("%s: %d durable writes intact (%d FUA, %d covered by SYNCHRONIZE CACHE), %d plain"
                            + " acknowledged, killed after %d%n", where, expected.size(), writer.fuaCount,
                    expected.size() - writer.fuaCount, writer.plainAcknowledged, killAfter);
        }
    }

    /** One acknowledged write: where, how long, and the SHA-256 of what was sent. */
    private record Written(int lba, int blocks, String sha256) {
    }

    /**
     * Writes to fresh LBAs from a random start until stopped or the connection breaks (the kill).
     * Durable: acknowledged with FUA, or acknowledged before a SYNCHRONIZE CACHE that completed.
     */
    private static final class Writer implements Runnable {
        final CountDownLatch enoughDurable;
        final List<Written> durable = new ArrayList<>();
        private final List<Written> pending = new ArrayList<>();
        private final int port;
        private final Random random;
        volatile boolean stop;
        volatile Throwable failure;
        int fuaCount;
        int plainAcknowledged;

        Writer(int port, Random random, int killAfter) {
            this.port = port;
            this.random = random;
            this.enoughDurable = new CountDownLatch(killAfter);
        }

        @Override
        public void run() {
            try (RawInitiator client = RawInitiator.connect(port)) {
                if (!client.login(INITIATOR, IQN).succeeded()) {
                    throw new AssertionError("writer login failed");
                }
                int next = random.nextInt(BLOCKS / 2);
                while (!stop && next < BLOCKS) {
                    int choice = random.nextInt(10);
                    if (choice == 0) {
                        synchronize(client);
                        continue;
                    }
                    int blocks = Math.min(1 + random.nextInt(MAX_WRITE_BLOCKS), BLOCKS - next);
                    byte[] data = new byte[blocks * RawInitiator.BLOCK_SIZE];
                    random.nextBytes(data);
                    boolean fua = choice <= 4;
                    RawInitiator.Outcome outcome = client.write10(0, next, data, fua);
                    if (outcome.status() != 0) {
                        throw new AssertionError("WRITE(10) at " + next + " status " + outcome.status());
                    }
                    Written w = new Written(next, blocks, sha256(data));
                    next += blocks;
                    if (fua) {
                        durable(w);
                        fuaCount++;
                    } else {
                        plainAcknowledged++;
                        synchronized (this) {
                            pending.add(w);
                        }
                    }
                }
            } catch (IOException e) {
                // The kill: the connection reset or closed under the writer. Expected.
            } catch (Throwable t) {
                failure = t;
                while (enoughDurable.getCount() > 0) {
                    enoughDurable.countDown(); // let the test fail at once rather than time out
                }
            }
        }

        private void synchronize(RawInitiator client) throws IOException {
            List<Written> covered;
            synchronized (this) {
                covered = List.copyOf(pending);
            }
            RawInitiator.Outcome outcome = client.command(0, RawInitiator.cdb10(0x35, 0, 0), 0);
            if (outcome.status() != 0) {
                throw new AssertionError("SYNCHRONIZE CACHE(10) status " + outcome.status());
            }
            synchronized (this) {
                pending.removeAll(covered);
            }
            covered.forEach(this::durable);
        }

        private void durable(Written w) {
            synchronized (this) {
                durable.add(w);
            }
            enoughDurable.countDown();
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** One run of the jar; its stdout read line by line (so it never blocks on a full pipe), stderr kept. */
    private static final class Launched {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final CompletableFuture<String> err;

        private Launched(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readStdout, "pagewire-stdout");
            reader.setDaemon(true);
            reader.start();
            this.err = Tool.drainInBackground(process.getErrorStream(), "pagewire-stderr");
        }

        /** Starts the jar on {@code conf} and waits for its "Pagewire ready" line. */
        static Launched start(Path conf) throws IOException, InterruptedException {
            String jar = System.getProperty("pagewire.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                fail("no packaged jar at " + jar + " (failsafe runs this after `package`)");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(Tool.launcherJvmOptions());
            command.addAll(List.of("-jar", jar, "--config", conf.toString()));
            Launched launched = new Launched(new ProcessBuilder(command).start());
            long deadline = System.nanoTime() + START.toNanos();
            while (true) {
                String line = launched.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    launched.process.destroyForcibly();
                    fail("not ready within " + START + ":\n" + launched.seen + "\nstderr: " + launched.err.getNow(""));
                }
                launched.seen.add(line);
                if (line.contains("Pagewire ready")) {
                    return launched;
                }
            }
        }

        private void readStdout() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }
    }
}
