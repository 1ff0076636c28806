package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SANITIZE end to end. libiscsi's Sanitize suite on a thin memory LUN and a thin file LUN — all its
 * tests but Sanitize.Reset, whose own 60 s sleep (it polls TEST UNIT READY once a minute until the
 * overwrite ends) is too dear for every build: e2e/conformance/run.sh runs it. What Reset checks is
 * checked here with a raw client instead, in seconds: an OVERWRITE keeps running through ABORT TASK,
 * LOGICAL UNIT RESET, TARGET WARM RESET and the initiator's disconnect, a new login finds SANITIZE IN
 * PROGRESS, and the medium holds the pattern afterwards.
 */
class SanitizeDataPathTest {
    private static final Pattern TESTS_LINE =
            Pattern.compile("^\\s*tests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)", Pattern.MULTILINE);
    /** Every Sanitize test but Reset (see the class comment). */
    private static final String SUITE = "ALL.Sanitize.BlockErase,ALL.Sanitize.BlockEraseReserved,"
            + "ALL.Sanitize.CryptoErase,ALL.Sanitize.CryptoEraseReserved,ALL.Sanitize.ExitFailureMode,"
            + "ALL.Sanitize.InvalidServiceAction,ALL.Sanitize.Overwrite,ALL.Sanitize.OverwriteReserved,"
            + "ALL.Sanitize.Readonly,ALL.Sanitize.Reservations";
    private static final int BLOCK = 512;
    /** LUN 2: 16 MiB at 4 MiB/s, an overwrite pass of about 4 s. */
    private static final long SLOW_BYTES = 16L << 20;
    private static final long SLOW_RATE = 4L << 20;
    private static final String INITIATOR = "iqn.2026-11.io.pagewire:sanitize";

    private static TestTarget target;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 64MiB, thin-provisioning = true },"
                + " { lun = 1, backend = file, path = \"" + dir.resolve("thin.img") + "\", size = 64MiB,"
                + " thin-provisioning = true, sanitize-rate = 0 },"
                + " { lun = 2, backend = file, path = \"" + dir.resolve("slow.img") + "\", size = 16MiB,"
                + " thin-provisioning = true, sanitize-rate = 4MiB } ]", TestTarget.POWER_ON_UNIT_ATTENTION);
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @ParameterizedTest(name = "LUN {0}")
    @ValueSource(ints = {0, 1})
    void libiscsiSanitizeSuitePassesWithoutSkips(int lun) throws Exception {
        Tool.Result result = Tool.run(Duration.ofMinutes(3), "iscsi-test-cu", "-d", "-S", "-v", "-t", SUITE,
                target.url(lun));
        String out = result.output();
        Matcher summary = TESTS_LINE.matcher(out);
        assertTrue(summary.find(), "no CUnit summary in:\n" + out);
        assertEquals(10, Integer.parseInt(summary.group(2)), out);
        assertEquals(0, Integer.parseInt(summary.group(4)), "failures:\n" + out);
        assertFalse(out.contains("[SKIPPED]"), out);
        // Not even the harness's own lines: its clean-up after Reservations reads keys right after its second
        // connection logged out, and met that connection's RESERVE(6) until a Logout ended the nexus first.
        assertFalse(out.contains("[FAILED]"), out);
        assertEquals(0, result.exitCode(), out);
        if (lun == 1) {
            // BLOCK ERASE punched the whole file: the last test that writes (Overwrite) is followed by erases
            long allocated = Long.parseLong(Tool.run(Duration.ofSeconds(30), "stat", "-c", "%b",
                    dir.resolve("thin.img").toString()).output().trim()) * 512;
            assertTrue(allocated <= 64L << 20, allocated + " bytes allocated");
        }
        target.awaitEveryPageFree();
    }

    /** SANITIZE OVERWRITE, IMMED = 0, one pass of a 4-byte pattern, the parameter list as immediate data. */
    private static int sendOverwrite(RawInitiator client, int lun, byte[] pattern) throws Exception {
        byte[] list = new byte[4 + pattern.length];
        list[0] = 0x01;
        list[3] = (byte) pattern.length;
        System.arraycopy(pattern, 0, list, 4, pattern.length);
        byte[] cdb = new byte[16];
        cdb[0] = 0x48;
        cdb[1] = 0x01;
        cdb[8] = (byte) list.length;
        int itt = client.newItt();
        client.send(new ScsiCommand(false, true, false, true, 1, lunField(lun), itt, list.length,
                client.consumeCmdSn(), client.expStatSn(), cdb, -1, Unpooled.wrappedBuffer(list)));
        return itt;
    }

    private static long lunField(int lun) {
        return (long) lun << 48;
    }

    /** Polls TEST UNIT READY (testkit awaitAssert, every 20 ms) until {@code until} holds; returns that answer. */
    private static RawInitiator.Outcome awaitTestUnitReady(RawInitiator client, int lun, Duration within,
                                                           Predicate<RawInitiator.Outcome> until, String what) {
        TestProbe<Void> probe = TestProbe.create(target.server().system());
        try {
            return probe.awaitAssert(within, Duration.ofMillis(20), () -> {
                RawInitiator.Outcome tur = command(client, lun, 0x00, 0);
                assertTrue(until.test(tur), what + " within " + within);
                return tur;
            });
        } finally {
            probe.stop();
        }
    }

    private static RawInitiator.Outcome command(RawInitiator client, int lun, int opcode, int inLength)
            throws Exception {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) opcode;
        if (opcode == 0x12 || opcode == 0x03) {
            cdb[4] = (byte) inLength; // INQUIRY, REQUEST SENSE: ALLOCATION LENGTH
        }
        return client.command(lunField(lun), cdb, inLength);
    }

    private static RawInitiator.Outcome read10(RawInitiator client, int lun, long lba, int blocks) throws Exception {
        return client.command(lunField(lun), RawInitiator.cdb10(0x28, (int) lba, blocks), blocks * BLOCK);
    }

    /** CHECK CONDITION with NOT READY, LOGICAL UNIT NOT READY, SANITIZE IN PROGRESS (04h/1Bh). */
    private static void assertSanitizeInProgress(RawInitiator.Outcome outcome) {
        assertEquals(0x02, outcome.status(), "CHECK CONDITION");
        byte[] sense = Arrays.copyOfRange(outcome.sense(), 2, outcome.sense().length);
        assertEquals(0x02, sense[2] & 0x0F, "NOT READY");
        assertEquals(0x04, sense[12]);
        assertEquals(0x1B, sense[13]);
        assertEquals(0x80, sense[15] & 0x80, "SKSV: progress indication");
    }

    private static void awaitTaskManagementResponse(RawInitiator client, int itt) throws Exception {
        TaskManagementResponse response = client.expect(TaskManagementResponse.class);
        assertEquals(itt, response.itt());
        assertEquals(0, response.response(), "FUNCTION COMPLETE");
    }

    private static void taskManagement(RawInitiator client, int function, int referenced, int lun) throws Exception {
        int itt = client.newItt();
        client.send(new TaskManagementRequest(true, function, lunField(lun), itt, referenced, client.cmdSn(),
                client.expStatSn(), 0, 0));
        awaitTaskManagementResponse(client, itt);
    }

    @Test
    void anOverwriteSurvivesTaskManagementResetsAndReloginThenLeavesThePattern() throws Exception {
        int lun = 2;
        byte[] pattern = {0x5A, (byte) 0xA5, 0x3C, (byte) 0xC3};
        long start = System.nanoTime();
        try (RawInitiator first = RawInitiator.connect(target.port())) {
            assertTrue(first.login(INITIATOR, TestTarget.IQN, RawInitiator.ISID_BASE | 0x51).succeeded());
            command(first, lun, 0x00, 0); // the power-on unit attention
            int sanitize = sendOverwrite(first, lun, pattern);
            // The sanitize starts once the LU's control actor has the command: poll TEST UNIT READY (bounded).
            assertSanitizeInProgress(awaitTestUnitReady(first, lun, Duration.ofSeconds(2),
                    tur -> tur.status() != 0, "the sanitize started"));
            assertSanitizeInProgress(read10(first, lun, 0, 1));
            assertSanitizeInProgress(command(first, lun, 0x1B, 0)); // START STOP UNIT
            assertEquals(0, command(first, lun, 0x12, 96).status(), "INQUIRY still answers");
            RawInitiator.Outcome sense = command(first, lun, 0x03, 18);
            assertEquals(0, sense.status(), "REQUEST SENSE is GOOD");
            assertEquals(0x02, sense.data()[2] & 0x0F, "and reports NOT READY");
            assertEquals(0x1B, sense.data()[13]);
            assertEquals(0x80, sense.data()[15] & 0x80, "with a progress indication");
            taskManagement(first, 1, sanitize, lun);          // ABORT TASK
            taskManagement(first, 2, Pdu.RESERVED_TAG, lun);  // ABORT TASK SET
            taskManagement(first, 5, Pdu.RESERVED_TAG, lun);  // LOGICAL UNIT RESET
            taskManagement(first, 6, Pdu.RESERVED_TAG, lun);  // TARGET WARM RESET
        } // the connection drops without a logout
        try (RawInitiator again = RawInitiator.connect(target.port())) {
            assertTrue(again.login(INITIATOR, TestTarget.IQN, RawInitiator.ISID_BASE | 0x51).succeeded());
            RawInitiator.Outcome first = command(again, lun, 0x00, 0);
            if (first.status() == 0x02 && (first.sense()[4] & 0x0F) == 0x06) {
                first = command(again, lun, 0x00, 0); // a unit attention for the new nexus comes first
            }
            assertSanitizeInProgress(first);
            assertSanitizeInProgress(read10(again, lun, 0, 1));
            awaitTestUnitReady(again, lun, Duration.ofSeconds(30), tur -> tur.status() == 0, "the overwrite ended");
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= Duration.ofMillis(SLOW_BYTES * 1000 / SLOW_RATE * 3 / 4).toNanos(),
                    "paced at sanitize-rate: " + elapsed / 1_000_000 + " ms");
            byte[] expected = new byte[8 * BLOCK];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = pattern[i % pattern.length];
            }
            assertArrayEquals(expected, read10(again, lun, 0, 8).data());
            assertArrayEquals(expected, read10(again, lun, SLOW_BYTES / BLOCK - 8, 8).data());
        }
        target.awaitEveryPageFree();
    }

    /** SANITIZE without a parameter list: BLOCK ERASE (02h) or EXIT FAILURE MODE (1Fh), IMMED = 0. */
    private static RawInitiator.Outcome sanitize(RawInitiator client, int serviceAction, boolean ause)
            throws Exception {
        byte[] cdb = new byte[16];
        cdb[0] = 0x48;
        cdb[1] = (byte) ((ause ? 0x20 : 0) | serviceAction);
        return client.command(0, cdb, 0);
    }

    /** CHECK CONDITION with the sense key and ASC/ASCQ given (fixed format, after the 2-byte SenseLength). */
    private static void assertSense(RawInitiator.Outcome outcome, int key, int asc, int ascq) {
        assertEquals(0x02, outcome.status(), "CHECK CONDITION");
        assertArrayEquals(new byte[] {(byte) key, (byte) asc, (byte) ascq},
                new byte[] {(byte) (outcome.sense()[4] & 0x0F), outcome.sense()[2 + 12], outcome.sense()[2 + 13]});
    }

    /**
     * A sanitize the device fails: MEDIUM ERROR, SANITIZE COMMAND FAILED for the command and for every
     * later medium access, TEST UNIT READY still GOOD; EXIT FAILURE MODE ends it after AUSE = 1, only a
     * successful sanitize after AUSE = 0.
     */
    @Test
    void aFailedSanitizeLeavesTheUnitInFailureModeUntilItIsEnded() throws Exception {
        ControlledDevice device = new ControlledDevice(io.pagewire.actors.PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget broken = TestTarget.start("[ { lun = 0, backend = memory, size = 4MiB,"
                + " thin-provisioning = true } ]", "", device::open);
             RawInitiator client = RawInitiator.connect(broken.port())) {
            assertTrue(client.login(INITIATOR, TestTarget.IQN).succeeded());
            byte[] data = new byte[BLOCK];
            Arrays.fill(data, (byte) 0x77);
            assertEquals(0, client.write10(0, 0, data, false).status());

            device.failIo(true);
            assertSense(sanitize(client, 0x02, true), 0x03, 0x31, 0x03);
            device.failIo(false);
            assertSense(read10(client, 0, 0, 1), 0x03, 0x31, 0x03);
            assertSense(client.write10(0, 0, data, false), 0x03, 0x31, 0x03);
            assertEquals(0, client.testUnitReady().status(), "TEST UNIT READY runs: initiators can log in");
            RawInitiator.Outcome sense = command(client, 0, 0x03, 18);
            assertEquals(0, sense.status());
            assertArrayEquals(new byte[] {0x03, 0x31, 0x03},
                    new byte[] {(byte) (sense.data()[2] & 0x0F), sense.data()[12], sense.data()[13]});
            assertEquals(0, sanitize(client, 0x1F, false).status(), "EXIT FAILURE MODE after AUSE = 1");
            assertArrayEquals(data, read10(client, 0, 0, 1).data(), "every call of the failed erase failed");

            device.failIo(true);
            assertSense(sanitize(client, 0x02, false), 0x03, 0x31, 0x03);
            device.failIo(false);
            assertSense(sanitize(client, 0x1F, false), 0x05, 0x24, 0x00); // AUSE was 0: no exit that way
            assertSense(read10(client, 0, 0, 1), 0x03, 0x31, 0x03);
            assertEquals(0, sanitize(client, 0x02, false).status(), "a successful sanitize ends it");
            assertArrayEquals(new byte[BLOCK], read10(client, 0, 0, 1).data());
        }
    }

}
