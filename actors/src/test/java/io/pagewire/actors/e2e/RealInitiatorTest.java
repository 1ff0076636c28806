package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libiscsi's tools and QEMU against an in-process Pagewire with a file LUN. */
class RealInitiatorTest {
    private static final long SIZE = 64L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.file(dir.resolve("lun0.img"), String.valueOf(SIZE));
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void iscsiLsDiscoversTheTargetAndItsPortal() {
        String out = Tool.run(TIMEOUT, "iscsi-ls", "-s", "iscsi://" + target.portal()).assertSuccess("iscsi-ls").output();
        assertTrue(out.contains("Target:" + TestTarget.IQN), out);
        assertTrue(out.contains("Portal:" + target.portal() + ",1"), out);
        assertTrue(out.contains("Lun:0"), out);
    }

    @Test
    void iscsiInqReportsTheStandardInquiryData() {
        String out = Tool.run(TIMEOUT, "iscsi-inq", target.url(0)).assertSuccess("iscsi-inq").output();
        assertTrue(out.contains("Peripheral Device Type:DIRECT_ACCESS"), out);
        assertTrue(out.contains("Vendor:PAGEWIRE"), out);
    }

    @Test
    void iscsiReadCapacity16ReportsTheSize() {
        String out = Tool.run(TIMEOUT, "iscsi-readcapacity16", target.url(0)).assertSuccess("iscsi-readcapacity16").output();
        assertTrue(out.contains("LOGICAL BLOCK LENGTH IN BYTES:512"), out);
        assertTrue(out.contains("RETURNED LOGICAL BLOCK ADDRESS:" + (SIZE / 512 - 1)), out);
    }

    @Test
    void qemuImgWritesRandomDataThatReadsBackByteIdentical() throws IOException {
        byte[] data = new byte[(int) SIZE];
        new Random(20261125L).nextBytes(data);
        Path source = dir.resolve("source.raw");
        Path back = dir.resolve("back.raw");
        Files.write(source, data);
        Tool.run(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), target.url(0))
                .assertSuccess("qemu-img convert to the LUN");
        Tool.run(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw", target.url(0), back.toString())
                .assertSuccess("qemu-img convert from the LUN");
        byte[] read = Files.readAllBytes(back);
        assertEquals(data.length, read.length);
        assertArrayEquals(data, read);
        Tool.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(), target.url(0))
                .assertSuccess("qemu-img compare");
        assertEquals(0, target.server().poolStats().outstanding(), "every page back in the pool");
    }
}
