package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code pagewire.jar} as a real process (run by failsafe after {@code package}):
 * SIGTERM stops it in order with exit code 0 and the data on disk, and start-up mistakes end it
 * with exit code 2 and one clear line on stderr.
 */
class LauncherIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final String IQN = "iqn.2026-11.io.pagewire:launcher";
    private static final long SIZE = 16L << 20;

    @TempDir
    Path dir;

    private Launched launched;

    @AfterEach
    void kill() {
        if (launched != null) {
            launched.process.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsInOrderExitsZeroAndTheWrittenDataIsInTheFile() throws Exception {
        int port = freePort();
        Path image = dir.resolve("disk0.img");
        Path conf = write("pagewire {\n  portals = [ \"127.0.0.1:" + port + "\" ]\n  targets = [ { iqn = \"" + IQN
                + "\", luns = [ { lun = 0, backend = file, path = \"" + image + "\", size = " + SIZE + " } ] } ]\n}\n");
        launched = Launched.start(conf);
        launched.awaitLine(line -> line.contains("Pagewire ready"), START);
        String url = "iscsi://127.0.0.1:" + port + "/" + IQN + "/0";

        Tool.run(Duration.ofSeconds(60), "iscsi-inq", url).assertSuccess("iscsi-inq");
        Tool.run(Duration.ofSeconds(60), "qemu-io", "-f", "raw", "-c", "write -P 0xa5 0 1M", "-c",
                "write -P 0x5a 15M 1M", url).assertSuccess("qemu-io write");
        try (PduClient idle = PduClient.login(port, IQN)) {
            // A session still logged in when the signal arrives is drained and closed.
            // SIGTERM. Not Process.destroy(): it also closes our ends of the child's stdout and
            // stderr, and the stop's log lines would be lost.
            assertTrue(launched.process.toHandle().destroy(), "SIGTERM sent");
            assertTrue(idle.closedWithin(STOP), "the open session was closed by the orderly stop");
        }
        assertTrue(launched.process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS), "exited within " + STOP);
        assertEquals(0, launched.process.exitValue(), launched.describe());

        String log = launched.stdout();
        assertTrue(log.contains("stopping: no new connections; finishing in-flight commands"), log);
        assertTrue(log.matches("(?s).*PagePool at stop: pages total=(\\d+) free=\\1 outstanding=0 .*"),
                "every page back at stop:\n" + log);
        assertTrue(log.contains("INFO  i.p.actors.Main - stopped"), log);
        assertTrue(log.indexOf("PagePool at stop") < log.indexOf("Main - stopped"), "the pool stops before exit");
        assertEquals("", launched.stderr().strip(), "nothing on stderr");

        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            assertEquals(SIZE, file.length());
            assertFilled(file, 0, 1 << 20, (byte) 0xa5);
            assertFilled(file, 15L << 20, 1 << 20, (byte) 0x5a);
            assertFilled(file, 1L << 20, 1 << 20, (byte) 0);
        }
    }

    @Test
    void anUnknownKeyExitsTwoNamingTheKeyAndTheFile() throws Exception {
        Path conf = write("pagewire {\n  portals = [ \"127.0.0.1:" + freePort() + "\" ]\n  nop-interval = 5s\n"
                + "  targets = [ { iqn = \"" + IQN + "\", luns = [ { lun = 0, backend = memory, size = 1MiB } ] } ]\n}\n");
        String line = exitsTwoWithOneLine(conf);
        assertTrue(line.contains("pagewire.nop-interval"), line);
        assertTrue(line.contains(conf.toString()), line);
    }

    @Test
    void anExistingFileOfTheWrongSizeExitsTwoNamingPathAndSizes() throws Exception {
        Path image = dir.resolve("small.img");
        Files.write(image, new byte[1 << 20]);
        Path conf = write("pagewire {\n  portals = [ \"127.0.0.1:" + freePort() + "\" ]\n  targets = [ { iqn = \""
                + IQN + "\", luns = [ { lun = 0, backend = file, path = \"" + image + "\", size = 2MiB } ] } ]\n}\n");
        String line = exitsTwoWithOneLine(conf);
        assertTrue(line.contains(image.toString()), line);
        assertTrue(line.contains("1048576") && line.contains("2097152"), line);
        assertEquals(1 << 20, Files.size(image), "the file is left as it was");
    }

    @Test
    void aPortInUseExitsTwoNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path conf = write("pagewire {\n  portals = [ \"127.0.0.1:" + port + "\" ]\n  targets = [ { iqn = \"" + IQN
                    + "\", luns = [ { lun = 0, backend = memory, size = 1MiB } ] } ]\n}\n");
            String line = exitsTwoWithOneLine(conf);
            assertTrue(line.contains("127.0.0.1:" + port), line);
            assertTrue(line.toLowerCase(Locale.ROOT).contains("in use"), line);
        }
    }

    /** Starts the jar on {@code conf}, expects exit code 2, and returns the one line it wrote to stderr. */
    private String exitsTwoWithOneLine(Path conf) throws Exception {
        launched = Launched.start(conf);
        assertTrue(launched.process.waitFor(START.toSeconds(), TimeUnit.SECONDS), "exited within " + START);
        assertEquals(2, launched.process.exitValue(), launched.describe());
        List<String> lines = launched.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + launched.describe());
        assertTrue(lines.get(0).startsWith("pagewire: "), lines.get(0));
        return lines.get(0);
    }

    private Path write(String hocon) throws IOException {
        Path conf = dir.resolve("pagewire.conf");
        Files.writeString(conf, hocon);
        return conf;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertFilled(RandomAccessFile file, long offset, int length, byte value) throws IOException {
        byte[] read = new byte[length];
        file.seek(offset);
        file.readFully(read);
        byte[] expected = new byte[length];
        Arrays.fill(expected, value);
        assertTrue(Arrays.equals(expected, read), "bytes at " + offset + " are not all " + (value & 0xff));
    }

    /** One run of the jar, its stdout kept line by line and its stderr kept whole. */
    private static final class Launched {
        final Process process;
        private final List<String> out = new ArrayList<>();
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> outEnded = new CompletableFuture<>();
        private final CompletableFuture<String> err;

        private Launched(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readStdout, "pagewire-stdout");
            reader.setDaemon(true);
            reader.start();
            this.err = Tool.drainInBackground(process.getErrorStream(), "pagewire-stderr");
        }

        static Launched start(Path conf) throws IOException {
            String jar = System.getProperty("pagewire.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                fail("no packaged jar at " + jar + " (failsafe runs this after `package`)");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(Tool.launcherJvmOptions());
            command.addAll(List.of("-jar", jar, "--config", conf.toString()));
            return new Launched(new ProcessBuilder(command).start());
        }

        void awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = fresh.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("no such line within " + timeout + ":\n" + describe());
                }
                if (wanted.test(line)) {
                    return;
                }
            }
        }

        /** Everything the process wrote to stdout; waits until it closed its end. */
        String stdout() throws Exception {
            outEnded.get(STOP.toSeconds(), TimeUnit.SECONDS);
            synchronized (out) {
                return String.join("\n", out);
            }
        }

        String stderr() throws Exception {
            return err.get(STOP.toSeconds(), TimeUnit.SECONDS);
        }

        String describe() {
            synchronized (out) {
                return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + err.getNow("(still open)");
            }
        }

        private void readStdout() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (out) {
                        out.add(line);
                    }
                    fresh.add(line);
                }
            } catch (IOException e) {
                // the process is gone; what was read is kept
            } finally {
                outEnded.complete(null);
            }
        }
    }
}
