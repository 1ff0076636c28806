package io.pagewire.actors.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagewireConfigTest {

    private static PagewireConfig parse(String hocon) {
        return PagewireConfig.from(ConfigFactory.parseString(hocon));
    }

    private static String target(String luns) {
        return "pagewire.targets = [ { iqn = \"iqn.2026-11.io.pagewire:disk0\", luns = " + luns + " } ]\n";
    }

    @Test
    void theEmbeddedDefaultIsOneGibibyteFileLunOnLoopback() {
        PagewireConfig config = PagewireConfig.load(null);
        assertEquals(new Portal("127.0.0.1", 3260), config.portals().get(0));
        TargetConfig target = config.targets().get(0);
        assertEquals("iqn.2026-11.io.pagewire:disk0", target.iqn());
        LunConfig lun = target.luns().get(0);
        assertEquals(Backend.FILE, lun.backend());
        assertEquals(Path.of("data/disk0.img"), lun.path());
        assertEquals(1L << 30, lun.sizeBytes());
        assertEquals(512, lun.blockSize());
        assertEquals(Duration.ofSeconds(15), config.session().loginTimeout());
    }

    @Test
    void sizesTakeHoconUnitsAndPlainBytes() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 512MiB },"
                + " { lun = 3, backend = null, size = 1048576, block-size = 4096 } ]"));
        assertEquals(512L << 20, config.targets().get(0).luns().get(0).sizeBytes());
        LunConfig nullLun = config.targets().get(0).luns().get(1);
        assertEquals(1L << 20, nullLun.sizeBytes());
        assertEquals(4096, nullLun.blockSize());
        assertNull(nullLun.path());
    }

    @Test
    void digestsDefaultToNoneAndCrc32cAndTakeEitherOrBoth() {
        String lun = target("[ { lun = 0, backend = memory, size = 1MiB } ]");
        PagewireConfig defaults = parse(lun);
        assertEquals(java.util.List.of("None", "CRC32C"), defaults.negotiation().headerDigests());
        assertEquals(java.util.List.of("None", "CRC32C"), defaults.negotiation().dataDigests());
        PagewireConfig set = parse(lun + "pagewire.negotiation { header-digest = [crc32c, none], data-digest = [None] }");
        assertEquals(java.util.List.of("CRC32C", "None"), set.negotiation().headerDigests());
        assertEquals(java.util.List.of("None"), set.negotiation().dataDigests());
        assertEquals(java.util.List.of("CRC32C"),
                parse(lun + "pagewire.negotiation.header-digest = [CRC32C]").negotiation().headerDigests());
        ConfigError empty = assertThrows(ConfigError.class,
                () -> parse(lun + "pagewire.negotiation.header-digest = []"));
        assertTrue(empty.getMessage().contains("pagewire.negotiation.header-digest: must list None, CRC32C or both"),
                empty.getMessage());
        ConfigError unknown = assertThrows(ConfigError.class,
                () -> parse(lun + "pagewire.negotiation.data-digest = [None, MD5]"));
        assertTrue(unknown.getMessage().contains("\"MD5\" is not None or CRC32C"), unknown.getMessage());
    }

    @Test
    void thinProvisioningAndReadOnlyDefaultToFalse() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 1MiB },"
                + " { lun = 1, backend = memory, size = 1MiB, thin-provisioning = true },"
                + " { lun = 2, backend = memory, size = 1MiB, read-only = true, thin-provisioning = false } ]"));
        List<LunConfig> luns = config.targets().get(0).luns();
        assertFalse(luns.get(0).thinProvisioning());
        assertFalse(luns.get(0).readOnly());
        assertTrue(luns.get(1).thinProvisioning());
        assertFalse(luns.get(1).readOnly());
        assertFalse(luns.get(2).thinProvisioning());
        assertTrue(luns.get(2).readOnly());
        assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB, read-only = maybe } ]"),
                "pagewire.targets.0.luns.0.read-only: must be true or false");
        assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB, thin = true } ]"),
                "pagewire.targets.0.luns.0.thin");
    }

    @Test
    void transportAndZeroCopyDefaultToAutoAndTakeTheirNames() {
        String lun = target("[ { lun = 0, backend = memory, size = 1MiB } ]");
        PagewireConfig defaults = parse(lun);
        assertEquals(TransportKind.AUTO, defaults.transport());
        assertEquals(new Settings.ZeroCopy(ZeroCopyMode.AUTO, 64 << 10), defaults.zeroCopy());
        PagewireConfig set = parse(lun + "pagewire { transport = io_uring, zero-copy = always, zero-copy-threshold = 16KiB }");
        assertEquals(TransportKind.IO_URING, set.transport());
        assertEquals(new Settings.ZeroCopy(ZeroCopyMode.ALWAYS, 16 << 10), set.zeroCopy());
        ConfigError e = assertThrows(ConfigError.class, () -> parse(lun + "pagewire.zero-copy = sometimes"));
        assertTrue(e.getMessage().contains("[auto, always, never]"), e.getMessage());
    }

    @Test
    void removableAndThePowerOnUnitAttentionDefaultToFixedAndOn() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 1MiB },"
                + " { lun = 1, backend = memory, size = 1MiB, removable = true } ]"));
        assertEquals(false, config.targets().get(0).luns().get(0).removable());
        assertEquals(true, config.targets().get(0).luns().get(1).removable());
        assertEquals(true, config.config().getBoolean("pagewire.power-on-unit-attention"));
        PagewireConfig off = parse(target("[ { lun = 0, backend = memory, size = 1MiB } ]")
                + "pagewire.power-on-unit-attention = off\n");
        assertEquals(false, off.config().getBoolean("pagewire.power-on-unit-attention"));
    }

    @Test
    void physicalBlockSizeIsAPowerOfTwoMultipleOfTheBlockSize() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 1MiB },"
                + " { lun = 1, backend = memory, size = 1MiB, physical-block-size = 4KiB } ]"));
        assertEquals(0, config.targets().get(0).luns().get(0).physicalBlockExponent());
        assertEquals(3, config.targets().get(0).luns().get(1).physicalBlockExponent());
        for (String bad : new String[] {"1000", "256", "3KiB", "32MiB", "lots"}) {
            assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB, physical-block-size = " + bad + " } ]"),
                    "pagewire.targets.0.luns.0.physical-block-size: must be block-size 512 times a power of two");
        }
        assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB, block-size = 4096,"
                + " physical-block-size = 2KiB } ]"), "must be block-size 4096");
    }

    @Test
    void theSanitizeRateIsSixtyFourMebibytesPerSecondUnlessALunSetsIt() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 1MiB },"
                + " { lun = 1, backend = memory, size = 1MiB, sanitize-rate = 16MiB },"
                + " { lun = 2, backend = memory, size = 1MiB, sanitize-rate = 0 } ]"));
        List<LunConfig> luns = config.targets().get(0).luns();
        assertEquals(64L << 20, luns.get(0).sanitizeRate());
        assertEquals(16L << 20, luns.get(1).sanitizeRate());
        assertEquals(0, luns.get(2).sanitizeRate());
        ConfigError bad = assertThrows(ConfigError.class,
                () -> parse(target("[ { lun = 0, backend = memory, size = 1MiB, sanitize-rate = fast } ]")));
        assertTrue(bad.getMessage().contains("pagewire.targets.0.luns.0.sanitize-rate"), bad.getMessage());
        ConfigError negative = assertThrows(ConfigError.class,
                () -> parse(target("[ { lun = 0, backend = memory, size = 1MiB, sanitize-rate = -1 } ]")));
        assertTrue(negative.getMessage().contains("sanitize-rate: not a size"), negative.getMessage());
    }

    @Test
    void ipv6PortalsAreWrittenInBrackets() {
        PagewireConfig config = parse("pagewire.portals = [ \"[::1]:3261\" ]\n"
                + target("[ { lun = 0, backend = memory, size = 1MiB } ]"));
        assertEquals(new Portal("::1", 3261), config.portals().get(0));
        assertEquals("[::1]:3261", config.portals().get(0).address());
    }

    @Test
    void anUnknownKeyIsNamedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "pagewire {\n  portals = [ \"127.0.0.1:3260\" ]\n  portlas = 1\n}\n");
        ConfigError e = assertThrows(ConfigError.class, () -> PagewireConfig.load(file));
        assertTrue(e.getMessage().contains("bad.conf:3"), e.getMessage());
        assertTrue(e.getMessage().contains("pagewire.portlas"), e.getMessage());
    }

    @Test
    void anUnknownLunKeyIsNamed() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> parse(target("[ { lun = 0, backend = memory, size = 1MiB, sise = 2 } ]")));
        assertTrue(e.getMessage().contains("pagewire.targets.0.luns.0.sise"), e.getMessage());
    }

    @Test
    void theWriteCacheIsOnUnlessALunTurnsItOff() {
        PagewireConfig config = parse(target("[ { lun = 0, backend = memory, size = 1MiB },"
                + " { lun = 1, backend = memory, size = 1MiB, write-cache = false },"
                + " { lun = 2, backend = memory, size = 1MiB, write-cache = true } ]"));
        List<LunConfig> luns = config.targets().get(0).luns();
        assertTrue(luns.get(0).writeCache());
        assertFalse(luns.get(1).writeCache());
        assertTrue(luns.get(2).writeCache());
        assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB, write-cache = sometimes } ]"),
                "pagewire.targets.0.luns.0.write-cache");
    }

    @Test
    void badValuesStopStartUpWithTheKeyNamed() {
        assertMessage(target("[ { lun = 0, backend = tape, size = 1MiB } ]"), "pagewire.targets.0.luns.0.backend");
        assertMessage(target("[ { lun = 0, backend = memory, size = lots } ]"), "pagewire.targets.0.luns.0.size");
        assertMessage(target("[ { lun = 0, backend = memory, size = 1000 } ]"), "multiple of block-size");
        assertMessage(target("[ { lun = 300, backend = memory, size = 1MiB } ]"), "pagewire.targets.0.luns.0.lun");
        assertMessage(target("[ { lun = 0, backend = file, size = 1MiB } ]"), "a file LUN needs a path");
        assertMessage(target("[ { lun = 0, backend = memory, size = 1MiB }, { lun = 0, backend = memory, size = 1MiB } ]"),
                "duplicate LUN 0");
        assertMessage("pagewire.portals = [ \"localhost\" ]\n" + target("[ { lun = 0, backend = memory, size = 1MiB } ]"),
                "pagewire.portals");
        assertMessage("pagewire.targets = [ { iqn = \"disk0\", luns = [ { lun = 0, backend = memory, size = 1MiB } ] } ]",
                "not an iSCSI name");
        assertMessage("pagewire.pool.page-size = 100KiB\n" + target("[ { lun = 0, backend = memory, size = 1MiB } ]"),
                "power of two");
        assertMessage("pagewire.session.login-timeout = 0s\n" + target("[ { lun = 0, backend = memory, size = 1MiB } ]"),
                "pagewire.session.login-timeout");
    }

    private static void assertMessage(String hocon, String expected) {
        ConfigError e = assertThrows(ConfigError.class, () -> parse(hocon));
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
