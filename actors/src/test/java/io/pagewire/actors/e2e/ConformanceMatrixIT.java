package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The conformance matrix of the README (e2e/conformance/run.sh) against the packaged jar: every
 * row with 0 failed tests, each LUN kind with the suites written for it, and no test skipped for a
 * reason other than the few the README explains.
 */
class ConformanceMatrixIT {

    private static final Pattern ROW = Pattern.compile(
            "^\\| (.+?)\\s+\\|\\s+(\\d+) \\|\\s+(\\d+) \\|\\s+(-?\\d+) \\|\\s+(\\d+) \\|\\s+(\\d+) \\|$", Pattern.MULTILINE);
    private static final Pattern SKIP = Pattern.compile("^\\s+\\d+\\s+skipped: .*\\[SKIPPED\\] (.*)$", Pattern.MULTILINE);

    /** Least number of tests each row runs: a suite that stops running shows here. */
    private static final Map<String, Integer> ROWS = Map.of(
            "thin: whole suite", 230,
            "thin: MultipathIO over two portals", 4,
            "thin 512e: the tests that need LBPPB > 1", 5,
            "read-only: ReadOnly, ModeSense6", 6,
            "read-only: write suites", 39,
            "removable: PreventAllow, StartStopUnit, NoMedia", 12);

    /**
     * Skip reasons each explained in the README: the whole-suite LUN has one path, one logical block
     * per physical block and is writable (those tests run in the other rows); the read-only LUN is
     * fully provisioned.
     */
    private static final Set<String> EXPLAINED_SKIPS = Set.of(
            "Multipath unavailable. Skipping test",
            "LBPPB < 2. Skipping test",
            "Logical unit is not write-protected. Skipping test.",
            "Logical unit is fully provisioned. Skipping test");

    @Test
    void everyRowOfTheMatrixPasses() throws Exception {
        String jar = System.getProperty("pagewire.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("no packaged jar at " + jar + " (failsafe runs this after `package`)");
        }
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("e2e/conformance/run.sh");
        int port = twoFreePorts();
        Tool.Result result = Tool.run(Duration.ofMinutes(15), Map.of("PORT", Integer.toString(port), "JAR", jar),
                List.of("bash", script.toString()));
        String out = result.output();
        assertEquals(0, result.exitCode(), out);
        List<String> seen = new ArrayList<>();
        Matcher row = ROW.matcher(out);
        while (row.find()) {
            String name = row.group(1).trim();
            seen.add(name);
            Integer least = ROWS.get(name);
            assertTrue(least != null, "unexpected row " + name + ":\n" + out);
            assertTrue(Integer.parseInt(row.group(2)) >= least, name + " ran too few tests:\n" + out);
            assertEquals("0", row.group(4), name + " failed:\n" + out);
        }
        assertEquals(ROWS.keySet(), Set.copyOf(seen), out);
        Matcher skip = SKIP.matcher(out);
        while (skip.find()) {
            assertTrue(EXPLAINED_SKIPS.contains(skip.group(1).trim()), "unexplained skip: " + skip.group() + "\n" + out);
        }
    }

    /** A port whose successor is free too (the script's second portal). */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = first.getLocalPort();
                if (port >= 65535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two adjacent free ports on the loopback");
    }
}
