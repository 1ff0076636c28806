package io.pagewire.actors.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security keys: chap, mutual-chap, allowed-initiators, max-sessions, discovery, limits. */
class SecurityConfigTest {
    private static final String LUNS = "luns = [ { lun = 0, backend = memory, size = 1MiB } ]";

    @TempDir
    Path dir;

    private static PagewireConfig parse(String hocon) {
        return PagewireConfig.from(ConfigFactory.parseString(hocon));
    }

    private static String target(String extra) {
        return "pagewire.targets = [ { iqn = \"iqn.2026-11.io.pagewire:disk0\", " + LUNS + "\n" + extra + "\n} ]\n";
    }

    private static ConfigError error(String hocon) {
        return assertThrows(ConfigError.class, () -> parse(hocon));
    }

    @Test
    void withoutSecurityKeysEverythingIsOpen() {
        PagewireConfig config = parse(target(""));
        TargetConfig t = config.targets().get(0);
        assertNull(t.chap());
        assertNull(t.mutualChap());
        assertNull(t.allowedInitiators());
        assertEquals(0, t.maxSessions());
        assertNull(config.discovery().chap());
        assertEquals(1024, config.limits().maxSessions());
    }

    @Test
    void chapMutualAclAndLimitsAreRead() {
        PagewireConfig config = parse(target("chap { user = \"u\", secret = \"0123456789ab\" }\n"
                + "mutual-chap { user = \"t\", secret = \"ba9876543210\" }\n"
                + "allowed-initiators = [ \"iqn.2026-01.org.Example:One\" ]\nmax-sessions = 3")
                + "pagewire.discovery.chap { user = \"d\", secret = \"discovery-secret\" }\n"
                + "pagewire.limits.max-sessions = 7\n");
        TargetConfig t = config.targets().get(0);
        assertEquals("u", t.chap().user());
        assertArrayEquals("0123456789ab".getBytes(StandardCharsets.UTF_8), t.chap().secret());
        assertEquals("t", t.mutualChap().user());
        assertEquals(List.of("iqn.2026-01.org.example:one"), t.allowedInitiators());
        assertEquals(3, t.maxSessions());
        assertEquals("d", config.discovery().chap().user());
        assertNull(config.discovery().mutualChap());
        assertEquals(7, config.limits().maxSessions());
    }

    @Test
    void secretsNeverAppearInToString() {
        PagewireConfig config = parse(target("chap { user = \"u\", secret = \"0123456789ab\" }\n"
                + "mutual-chap { user = \"t\", secret = \"ba9876543210\" }")
                + "pagewire.discovery.chap { user = \"d\", secret = \"discovery-secret\" }\n");
        String text = config.toString() + config.targets() + config.discovery();
        assertFalse(text.contains("0123456789ab"), text);
        assertFalse(text.contains("ba9876543210"), text);
        assertFalse(text.contains("discovery-secret"), text);
        assertTrue(text.contains("user=u"), text);
    }

    @Test
    void aShortSecretStopsStartUpNamingTheKey() {
        ConfigError e = error(target("chap { user = \"u\", secret = \"short\" }"));
        assertTrue(e.getMessage().matches("String: 2:2: pagewire.targets.0.chap.secret: a CHAP secret must be 12 to 255"
                + " bytes, this one has 5"), e.getMessage());
        assertFalse(error("pagewire.discovery.mutual-chap { user = \"t\", secret = \"elevenbytes\" }\n"
                + "pagewire.discovery.chap { user = \"d\", secret = \"discovery-secret\" }\n" + target(""))
                .getMessage().contains("elevenbytes"));
    }

    @Test
    void equalChapAndMutualSecretsAreRefused() {
        ConfigError e = error(target("chap { user = \"u\", secret = \"0123456789ab\" }\n"
                + "mutual-chap { user = \"t\", secret = \"0123456789ab\" }"));
        assertTrue(e.getMessage().matches("String: 3:3: pagewire.targets.0.mutual-chap: the mutual CHAP secret must"
                + " differ from the CHAP secret"), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789ab"));
    }

    @Test
    void aMutualSecretEqualToAnotherTargetsChapSecretIsRefused() {
        String hocon = "pagewire.targets = [ { iqn = \"iqn.2026-11.io.pagewire:a\", " + LUNS + "\n"
                + " chap { user = \"u\", secret = \"secret-of-a-0001\" } }\n"
                + " { iqn = \"iqn.2026-11.io.pagewire:b\", " + LUNS + "\n"
                + " chap { user = \"u\", secret = \"secret-of-b-0002\" }\n"
                + " mutual-chap { user = \"t\", secret = \"secret-of-a-0001\" } } ]\n";
        assertTrue(error(hocon).getMessage().endsWith("pagewire.targets.1.mutual-chap: the mutual CHAP secret must"
                + " differ from every CHAP secret (it equals pagewire.targets.0.chap)"), error(hocon).getMessage());
        String discovery = target("") + "pagewire.discovery { chap { user = \"d\", secret = \"discovery-secret\" }\n"
                + " mutual-chap { user = \"t\", secret = \"target-secret-1\" } }\n";
        parse(discovery);
        assertTrue(error(target("chap { user = \"u\", secret = \"target-secret-1\" }") + "pagewire.discovery {"
                + " chap { user = \"d\", secret = \"discovery-secret\" }\n mutual-chap { user = \"t\", secret ="
                + " \"target-secret-1\" } }\n").getMessage().endsWith("pagewire.discovery.mutual-chap: the mutual CHAP"
                + " secret must differ from every CHAP secret (it equals pagewire.targets.0.chap)"));
    }

    @Test
    void mutualWithoutChapIsRefused() {
        assertTrue(error(target("mutual-chap { user = \"t\", secret = \"0123456789ab\" }")).getMessage()
                .endsWith("pagewire.targets.0.mutual-chap: mutual CHAP needs chap { ... } as well"));
    }

    @Test
    void secretFromAFileDropsOneTrailingNewline() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "file-secret-123\n");
        PagewireConfig config = parse(target("chap { user = \"u\", secret-file = \"" + file + "\" }"));
        assertArrayEquals("file-secret-123".getBytes(StandardCharsets.UTF_8), config.targets().get(0).chap().secret());
        Files.writeString(file, "tooshort\n");
        assertTrue(error(target("chap { user = \"u\", secret-file = \"" + file + "\" }")).getMessage()
                .endsWith("pagewire.targets.0.chap.secret-file: a CHAP secret must be 12 to 255 bytes, this one has 8"));
        assertTrue(error(target("chap { user = \"u\", secret-file = \"" + dir.resolve("missing") + "\" }"))
                .getMessage().contains("pagewire.targets.0.chap.secret-file: cannot read"));
    }

    @Test
    void secretFromTheEnvironment() {
        String path = System.getenv("PATH");
        PagewireConfig config = parse(target("chap { user = \"u\", secret-env = \"PATH\" }"));
        assertArrayEquals(path.getBytes(StandardCharsets.UTF_8), config.targets().get(0).chap().secret());
        assertTrue(error(target("chap { user = \"u\", secret-env = \"PAGEWIRE_NO_SUCH_VARIABLE_42\" }")).getMessage()
                .endsWith("pagewire.targets.0.chap.secret-env: environment variable PAGEWIRE_NO_SUCH_VARIABLE_42 is not set"));
    }

    @Test
    void exactlyOneSecretSourceAndAUser() {
        assertTrue(error(target("chap { user = \"u\", secret = \"0123456789ab\", secret-env = \"PATH\" }"))
                .getMessage().endsWith("pagewire.targets.0.chap: give exactly one of secret, secret-file, secret-env (found 2)"));
        assertTrue(error(target("chap { user = \"u\" }")).getMessage()
                .endsWith("give exactly one of secret, secret-file, secret-env (found 0)"));
        assertTrue(error(target("chap { secret = \"0123456789ab\" }")).getMessage()
                .endsWith("pagewire.targets.0.chap.user: a CHAP block needs a non-empty user"));
    }

    @Test
    void unknownKeysInChapBlocksAreNamed() {
        assertTrue(error(target("chap { user = \"u\", secrte = \"0123456789ab\" }")).getMessage()
                .endsWith("pagewire.targets.0.chap.secrte: unknown key (known: secret, secret-env, secret-file, user)"));
        assertTrue(error(target("") + "pagewire.discovery.chap { usr = \"u\" }").getMessage()
                .endsWith("pagewire.discovery.chap.usr: unknown key (known: secret, secret-env, secret-file, user)"));
        assertTrue(error(target("") + "pagewire.discovery.chapp { user = \"u\" }").getMessage()
                .endsWith("pagewire.discovery.chapp: unknown key"));
    }

    @Test
    void badAclAndLimits() {
        assertTrue(error(target("allowed-initiators = [ \"client1\" ]")).getMessage()
                .contains("pagewire.targets.0.allowed-initiators: \"client1\" is not an iSCSI name"));
        assertTrue(error(target("max-sessions = 0")).getMessage()
                .endsWith("pagewire.targets.0.max-sessions: 0 is outside 1..65535"));
        assertTrue(error(target("") + "pagewire.limits.max-sessions = 0").getMessage()
                .endsWith("pagewire.limits.max-sessions: 0 is outside 1..65535"));
    }
}
