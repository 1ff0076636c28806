package io.pagewire.actors.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.pagewire.protocol.login.ChapCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code chap { user, secret | secret-file | secret-env }} block. Secrets never appear in an
 * error message. Shorter than {@value #MIN_SECRET_BYTES} bytes is refused: RFC 7143 §9.2.1 wants at
 * least 96 bits, and short CHAP secrets fall to an offline dictionary attack on one captured exchange.
 */
final class ChapSettings {
    static final int MIN_SECRET_BYTES = 12;
    /** What open-iscsi and libiscsi can hold (their buffers are 256 bytes with the NUL). */
    static final int MAX_SECRET_BYTES = 255;
    static final Set<String> KEYS = Set.of("user", "secret", "secret-file", "secret-env");

    private ChapSettings() {
    }

    /** Unknown keys in a chap block, before anything is merged. */
    static void checkKeys(ConfigValue value, String key) {
        if (value.valueType() == ConfigValueType.NULL) {
            return;
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ConfigError.at(value.origin(), key, "expected an object { user = ..., secret = ... }");
        }
        for (var entry : ((ConfigObject) value).entrySet()) {
            if (!KEYS.contains(entry.getKey())) {
                throw ConfigError.at(entry.getValue().origin(), key + "." + entry.getKey(),
                        "unknown key (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
    }

    /** The credentials at {@code path} of {@code parent}, or null when absent (or null). */
    static ChapCredentials read(Config parent, String path, String key) {
        if (!parent.hasPath(path)) {
            return null;
        }
        Config chap;
        try {
            chap = parent.getConfig(path);
        } catch (ConfigException.WrongType e) {
            throw ConfigError.at(parent.getValue(path).origin(), key, "expected an object { user = ..., secret = ... }");
        }
        if (!chap.hasPath("user") || chap.getString("user").isEmpty()) {
            throw ConfigError.at(chap.root().origin(), key + ".user", "a CHAP block needs a non-empty user");
        }
        String user = chap.getString("user");
        int sources = (chap.hasPath("secret") ? 1 : 0) + (chap.hasPath("secret-file") ? 1 : 0)
                + (chap.hasPath("secret-env") ? 1 : 0);
        if (sources != 1) {
            throw ConfigError.at(chap.root().origin(), key,
                    "give exactly one of secret, secret-file, secret-env (found " + sources + ")");
        }
        byte[] secret;
        String where;
        if (chap.hasPath("secret")) {
            where = key + ".secret";
            secret = chap.getString("secret").getBytes(StandardCharsets.UTF_8);
        } else if (chap.hasPath("secret-file")) {
            where = key + ".secret-file";
            secret = fromFile(chap, where);
        } else {
            where = key + ".secret-env";
            String variable = chap.getString("secret-env");
            String value = System.getenv(variable);
            if (value == null) {
                throw ConfigError.at(chap.getValue("secret-env").origin(), where,
                        "environment variable " + variable + " is not set");
            }
            secret = value.getBytes(StandardCharsets.UTF_8);
        }
        ConfigValue origin = chap.getValue(where.substring(key.length() + 1));
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            int length = secret.length;
            Arrays.fill(secret, (byte) 0);
            throw ConfigError.at(origin.origin(), where, "a CHAP secret must be " + MIN_SECRET_BYTES + " to "
                    + MAX_SECRET_BYTES + " bytes, this one has " + length);
        }
        ChapCredentials credentials = new ChapCredentials(user, secret);
        Arrays.fill(secret, (byte) 0);
        return credentials;
    }

    /** The file's bytes without one trailing line end (echo and editors add one). */
    private static byte[] fromFile(Config chap, String where) {
        Path file = Path.of(chap.getString("secret-file"));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ConfigError.at(chap.getValue("secret-file").origin(), where, "cannot read " + file + ": "
                    + e.getClass().getSimpleName());
        }
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        byte[] secret = Arrays.copyOf(bytes, end);
        Arrays.fill(bytes, (byte) 0);
        return secret;
    }

    /** Mutual CHAP only on top of CHAP, and never with the same secret (RFC 7143 §9.2.1). */
    static void checkPair(ChapCredentials chap, ChapCredentials mutual, Config parent, String mutualPath, String key) {
        if (mutual == null) {
            return;
        }
        ConfigValue origin = parent.getValue(mutualPath);
        if (chap == null) {
            throw ConfigError.at(origin.origin(), key, "mutual CHAP needs chap { ... } as well");
        }
        if (chap.sameSecret(mutual)) {
            throw ConfigError.at(origin.origin(), key, "the mutual CHAP secret must differ from the CHAP secret");
        }
    }

    /**
     * No mutual secret may be any CHAP secret of this node: a target answering mutual challenges with
     * what initiators prove to another target (or to discovery) would compute their responses for an
     * attacker who relays that target's challenge (RFC 7143 §9.2.1, §12.1.3).
     */
    static void checkAcross(Config pagewire, List<TargetConfig> targets, DiscoveryAuth discovery) {
        Map<String, ChapCredentials> chaps = new LinkedHashMap<>();
        Map<String, ChapCredentials> mutuals = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            put(chaps, "pagewire.targets." + t + ".chap", targets.get(t).chap());
            put(mutuals, "targets." + t + ".mutual-chap", targets.get(t).mutualChap());
        }
        put(chaps, "pagewire.discovery.chap", discovery.chap());
        put(mutuals, "discovery.mutual-chap", discovery.mutualChap());
        for (var mutual : mutuals.entrySet()) {
            for (var chap : chaps.entrySet()) {
                if (mutual.getValue().sameSecret(chap.getValue())) {
                    ConfigValue origin = mutual.getKey().startsWith("targets.")
                            ? pagewire.getConfigList("targets").get(Integer.parseInt(mutual.getKey().split("\\.")[1]))
                                    .getValue("mutual-chap")
                            : pagewire.getValue(mutual.getKey());
                    throw ConfigError.at(origin.origin(), "pagewire." + mutual.getKey(),
                            "the mutual CHAP secret must differ from every CHAP secret (it equals " + chap.getKey() + ")");
                }
            }
        }
    }

    private static void put(Map<String, ChapCredentials> map, String key, ChapCredentials credentials) {
        if (credentials != null) {
            map.put(key, credentials);
        }
    }
}
