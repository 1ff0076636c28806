package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libiscsi's conformance suite, the suites the core target must pass with no failure. */
class ConformanceSuiteTest {
    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.memory("128MiB");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Inquiry", "Mandatory", "ModeSense6", "Read6", "Read10", "Read12", "Read16",
            "ReadCapacity10", "ReadCapacity16", "TestUnitReady", "Write10", "Write12", "Write16",
            "iSCSIcmdsn", "iSCSIdatasn", "iSCSIResiduals", "ExtendedCopy", "ReceiveCopyResults"})
    void suitePassesWithNoFailure(String suite) {
        Tool.Result result = Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-d", "-v", "-t", "ALL." + suite,
                target.url(0));
        String out = result.output();
        Matcher tests = TESTS_LINE.matcher(out);
        assertTrue(tests.find(), "no CUnit summary in:\n" + out);
        int ran = Integer.parseInt(tests.group(2));
        int failed = Integer.parseInt(tests.group(4));
        assertTrue(ran > 0, "no test ran:\n" + out);
        assertEquals(0, failed, suite + " had failures:\n" + out);
        assertEquals(0, result.exitCode(), out);
        assertEquals(0, target.server().poolStats().doubleReleases());
    }
}
