package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real client program (libiscsi tools, qemu-img) with a time limit and captures its
 * output. A missing program fails the test under CI=true and skips it elsewhere, so a machine
 * without the clients cannot pass the suite silently in CI.
 */
final class Tool {
    record Result(int exitCode, String output) {
        Result assertSuccess(String what) {
            if (exitCode != 0) {
                fail(what + " exited " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private Tool() {
    }

    static void require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (new java.io.File(dir, program).canExecute()) {
                return;
            }
        }
        String message = program + " is not installed (bin/test installs libiscsi-bin, qemu-utils, qemu-block-extra)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), List.of(command));
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        require(command.get(0));
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> output = drainInBackground(process.getInputStream(), command.get(0));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + output.getNow("(no output yet)"));
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Reads a process stream to its end on a thread of its own: a shared pool (the common
     * ForkJoinPool has one worker on two cores) would let one long-lived stream starve the others.
     */
    static CompletableFuture<String> drainInBackground(InputStream in, String name) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> result.complete(drain(in)), "drain-" + name);
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    /** The JVM options the launcher (bin/pagewire) passes on this JDK. */
    static List<String> launcherJvmOptions() {
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output lost: " + e + ")";
        }
    }
}
