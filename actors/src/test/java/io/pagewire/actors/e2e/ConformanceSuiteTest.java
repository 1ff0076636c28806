package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * libiscsi's conformance suite: the suites the core target must pass with no failure (LUN 0), the
 * thin-provisioning suites on thin LUNs (1 in memory, 3 in a file) and the write-protection ones on
 * a read-only LUN (2).
 */
class ConformanceSuiteTest {
    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);

    private static TestTarget target;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 128MiB },"
                + " { lun = 1, backend = memory, size = 128MiB, thin-provisioning = true },"
                + " { lun = 2, backend = memory, size = 128MiB, read-only = true },"
                + " { lun = 3, backend = file, path = \"" + dir.resolve("thin.img") + "\", size = 128MiB,"
                + " thin-provisioning = true } ]", "");
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
            "iSCSIcmdsn", "iSCSIdatasn", "iSCSIResiduals",
            "CompareAndWrite", "OrWrite", "Verify10", "Verify12", "Verify16",
            "WriteVerify10", "WriteVerify12", "WriteVerify16", "WriteAtomic16",
            "ExtendedCopy", "ReceiveCopyResults"})
    void suitePassesWithNoFailure(String suite) {
        run(0, true, "ALL." + suite, 1);
    }

    /**
     * A thin-provisioned LUN: the provisioning suites run (none skips as "fully provisioned"), and
     * the commands they share with every LUN still pass.
     */
    @Test
    void thinLunPassesTheProvisioningSuites() {
        String out = run(1, true, "ALL.Unmap,ALL.WriteSame10,ALL.WriteSame16,ALL.GetLBAStatus,ALL.Inquiry,"
                + "ALL.ReadCapacity16,ALL.Write10,ALL.Read10", 49);
        assertFalse(out.contains("fully provisioned"), out);
        assertFalse(out.contains("UNMAP is not implemented"), out);
        target.awaitEveryPageFree();
    }

    /** A thin file LUN: UNMAP punches holes, GET LBA STATUS reads them back (SEEK_DATA / SEEK_HOLE). */
    @Test
    void thinFileLunPunchesHoles() throws Exception {
        run(3, true, "ALL.Unmap,ALL.GetLBAStatus,ALL.WriteSame16", 16);
        Tool.Result stat = Tool.run(Duration.ofSeconds(30), "stat", "-c", "%b", dir.resolve("thin.img").toString());
        long allocated = Long.parseLong(stat.output().trim()) * 512; // st_blocks: 512-byte units
        assertTrue(allocated < 64L << 20, "the 128 MiB file stays sparse: " + allocated + " bytes allocated");
        target.awaitEveryPageFree();
    }

    /**
     * A read-only LUN: libiscsi's ReadOnly suite (with data loss allowed, so every write is really
     * sent) sees WRITE PROTECTED for every medium-modifying command and the WP bit in MODE SENSE.
     * The write suites expect their writes to succeed, so they run without -d: each then checks
     * only what it can without writing.
     */
    @Test
    void readOnlyLunRefusesEveryWrite() {
        String out = run(2, true, "ALL.ReadOnly,ALL.ModeSense6", 6);
        assertFalse(out.contains("is not write-protected"), out);
        assertFalse(out.contains("UNMAP is not implemented"), out); // WRITE PROTECTED, not unsupported
        run(2, false, "ALL.WriteSame10,ALL.WriteSame16,ALL.Write10,ALL.Write12,ALL.Write16,ALL.Unmap", 39);
        target.awaitEveryPageFree();
    }

    /** Runs iscsi-test-cu on {@code lun}; asserts at least {@code minTests} ran and none failed. */
    private static String run(int lun, boolean dataLoss, String tests, int minTests) {
        Tool.Result result = dataLoss
                ? Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-d", "-v", "-t", tests, target.url(lun))
                : Tool.run(Duration.ofMinutes(5), "iscsi-test-cu", "-v", "-t", tests, target.url(lun));
        String out = result.output();
        Matcher summary = TESTS_LINE.matcher(out);
        assertTrue(summary.find(), "no CUnit summary in:\n" + out);
        int ran = Integer.parseInt(summary.group(2));
        int failed = Integer.parseInt(summary.group(4));
        assertTrue(ran >= minTests, "only " + ran + " tests ran:\n" + out);
        assertEquals(0, failed, tests + " had failures:\n" + out);
        assertEquals(0, result.exitCode(), out);
        assertEquals(0, target.server().poolStats().doubleReleases());
        return out;
    }


    /** Task management (ABORT TASK and LOGICAL UNIT RESET while commands are queued). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"iSCSITMF"})
    void taskManagementSuitePassesWithNoFailure(String suite) {
        suitePassesWithNoFailure(suite);
    }
}
