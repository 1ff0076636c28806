package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi's suites of the logical unit control state — persistent reservations, RESERVE/RELEASE(6),
 * MODE SELECT of D_SENSE and SWP (ModeSense6) — against a file LUN with the power-on unit attention
 * on, as real initiators meet it. The suites open a second connection (initiator "...iscsi-test-2")
 * themselves for the two-nexus cases.
 */
class ControlStateSuiteTest {
    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = file, path = \"" + dir.resolve("pr.img")
                + "\", size = 64MiB }, { lun = 1, backend = memory, size = 16MiB, removable = true } ]",
                TestTarget.POWER_ON_UNIT_ATTENTION);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PrinReadKeys", "PrinServiceactionRange", "PrinReportCapabilities", "ProutRegister",
            "ProutReserve", "ProutClear", "ProutPreempt", "Reserve6", "ModeSense6"})
    void suitePassesWithNoFailure(String suite) {
        passes(suite, 0);
    }

    /** The removable-medium suites, on LUN 1 (removable = true). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PreventAllow", "StartStopUnit", "NoMedia"})
    void removableSuitePassesWithNoFailure(String suite) {
        passes(suite, 1);
    }

    /** The persistent reservation suites in one run, PREEMPT AND ABORT among them (as after that change). */
    @Test
    void reservationSuitesTogetherPassWithNoFailure() {
        run("ALL.ProutPreempt,ALL.PrinReadKeys,ALL.ProutRegister,ALL.ProutReserve", 0);
    }

    private static void passes(String suite, int lun) {
        run("ALL." + suite, lun);
    }

    private static void run(String suite, int lun) {
        Tool.Result result = Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-d", "-v", "-t", suite,
                target.url(lun));
        String out = result.output();
        Matcher tests = TESTS_LINE.matcher(out);
        assertTrue(tests.find(), "no CUnit summary in:\n" + out);
        int ran = Integer.parseInt(tests.group(2));
        int failed = Integer.parseInt(tests.group(4));
        System.out.println(suite + " on LUN " + lun + ": " + tests.group().trim());
        assertTrue(ran > 0, "no test ran:\n" + out);
        assertEquals(0, failed, suite + " had failures:\n" + out);
        assertEquals(0, result.exitCode(), out);
    }
}
