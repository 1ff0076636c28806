package io.pagewire.actors.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.pagewire.protocol.login.ChapCredentials;
import io.pagewire.streams.commands.LogicalUnitInfo;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pagewire's configuration, read once at start from a HOCON file (or the embedded
 * {@code application.conf}) over every module's {@code reference.conf}. Any unknown key or bad
 * value stops start-up with a {@link ConfigError} naming the key and the file.
 */
public record PagewireConfig(List<Portal> portals, List<TargetConfig> targets, TransportKind transport,
                             Settings.ZeroCopy zeroCopy,
                             Settings.Pool pool, Settings.Session session, Settings.Negotiation negotiation,
                             Settings.Io io, Settings.Identity identity, Duration shutdownTimeout, Config config,
                             DiscoveryAuth discovery, Limits limits) {

    private static final Set<String> TARGET_KEYS = Set.of("iqn", "alias", "luns", "chap", "mutual-chap",
            "allowed-initiators", "max-sessions");
    private static final Set<String> LUN_KEYS = Set.of("lun", "backend", "path", "size", "block-size", "write-cache",
            "thin-provisioning", "read-only", "removable", "physical-block-size", "sanitize-rate");
    private static final Pattern IQN = Pattern.compile("(iqn\\.\\d{4}-\\d{2}\\.[a-z0-9.-]+(:.*)?|eui\\.[0-9A-Fa-f]{16}|naa\\.[0-9A-Fa-f]{16,32})");

    /** Loads {@code file}, or the embedded application.conf when {@code file} is null. */
    public static PagewireConfig load(Path file) {
        Config user;
        if (file == null) {
            user = ConfigFactory.parseResources("application.conf");
        } else {
            File f = file.toFile();
            if (!f.isFile()) {
                throw new ConfigError(file + ": no such configuration file");
            }
            try {
                user = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new ConfigError(e.getMessage());
            }
        }
        return from(user);
    }

    /** Builds the configuration from a parsed user config (tests pass theirs here). */
    public static PagewireConfig from(Config user) {
        Config reference = ConfigFactory.defaultReference();
        try {
            checkKnownKeys(user, reference);
            Config all = user.withFallback(ConfigFactory.parseResources("pagewire-pekko.conf"))
                    .withFallback(reference).resolve();
            return read(all);
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage());
        }
    }

    private static void checkKnownKeys(Config user, Config reference) {
        if (!user.hasPath("pagewire")) {
            return;
        }
        checkObject(user.getObject("pagewire"), reference.getObject("pagewire"), "pagewire");
        if (user.hasPath("pagewire.discovery")) {
            checkChapKeys(objectAt(user.getValue("pagewire.discovery"), "pagewire.discovery"), "pagewire.discovery");
        }
        if (user.hasPath("pagewire.targets")) {
            List<? extends ConfigValue> targets = user.getList("pagewire.targets");
            for (int t = 0; t < targets.size(); t++) {
                String key = "pagewire.targets." + t;
                ConfigObject target = objectAt(targets.get(t), key);
                checkKeys(target, TARGET_KEYS, key);
                checkChapKeys(target, key);
                ConfigValue luns = target.get("luns");
                if (luns != null && luns.valueType() == ConfigValueType.LIST) {
                    List<?> lunList = (List<?>) luns.unwrapped();
                    for (int l = 0; l < lunList.size(); l++) {
                        String lunKey = key + ".luns." + l;
                        checkKeys(objectAt(((com.typesafe.config.ConfigList) luns).get(l), lunKey), LUN_KEYS, lunKey);
                    }
                }
            }
        }
    }

    private static void checkChapKeys(ConfigObject parent, String key) {
        for (String chap : List.of("chap", "mutual-chap")) {
            if (parent.get(chap) != null) {
                ChapSettings.checkKeys(parent.get(chap), key + "." + chap);
            }
        }
    }

    private static ConfigObject objectAt(ConfigValue value, String key) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ConfigError.at(value.origin(), key, "expected an object { ... }");
        }
        return (ConfigObject) value;
    }

    private static void checkKeys(ConfigObject object, Set<String> known, String path) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw ConfigError.at(entry.getValue().origin(), path + "." + entry.getKey(),
                        "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static void checkObject(ConfigObject user, ConfigObject reference, String path) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String key = path + "." + entry.getKey();
            ConfigValue known = reference.get(entry.getKey());
            if (known == null) {
                throw ConfigError.at(entry.getValue().origin(), key, "unknown key");
            }
            if (known.valueType() == ConfigValueType.OBJECT && entry.getValue().valueType() == ConfigValueType.OBJECT) {
                checkObject((ConfigObject) entry.getValue(), (ConfigObject) known, key);
            }
        }
    }

    private static PagewireConfig read(Config all) {
        Config c = all.getConfig("pagewire");
        List<Portal> portals = new ArrayList<>();
        for (String text : c.getStringList("portals")) {
            try {
                portals.add(Portal.parse(text));
            } catch (IllegalArgumentException e) {
                throw ConfigError.at(c.getValue("portals").origin(), "pagewire.portals", e.getMessage());
            }
        }
        if (portals.isEmpty()) {
            throw ConfigError.at(c.getValue("portals").origin(), "pagewire.portals", "at least one portal is needed");
        }
        List<TargetConfig> targets = readTargets(c);
        Settings.Pool pool = new Settings.Pool(
                intSize(c, "pool.page-size", 4096, 16 << 20, true), positive(c, "pool.pages"));
        Settings.Session session = new Settings.Session(
                range(c, "session.cmd-window", 1, 4096),
                intSize(c, "session.max-segment", pool.pageSize(), 64 << 20, false),
                c.getDuration("session.nop-in-interval"), c.getDuration("session.nop-in-timeout"),
                range(c, "session.max-pending-pdus", 16, 1 << 16), positiveDuration(c, "session.login-timeout"),
                c.getDuration("session.data-out-ping-interval"), c.getBoolean("session.audit-payloads"),
                c.getBoolean("session.on-event-loop"), range(c, "session.page-reserve", 0, 64),
                c.getBytes("session.send-buffer") == 0 ? 0 : intSize(c, "session.send-buffer", 4096, 64 << 20, false));
        if ((long) session.maxSegment() > (long) pool.pageSize() * pool.pages()) {
            throw ConfigError.at(c.getValue("session.max-segment").origin(), "pagewire.session.max-segment",
                    "larger than the whole page pool (" + pool.pageSize() * (long) pool.pages() + " bytes)");
        }
        Settings.Negotiation negotiation = new Settings.Negotiation(
                intSize(c, "negotiation.max-recv-data-segment-length", 512, 16777215, false),
                intSize(c, "negotiation.max-burst-length", 512, 16777215, false),
                intSize(c, "negotiation.first-burst-length", 512, 16777215, false),
                c.getBoolean("negotiation.immediate-data"), c.getBoolean("negotiation.initial-r2t"),
                range(c, "negotiation.max-outstanding-r2t", 1, 65535),
                range(c, "negotiation.target-portal-group-tag", 1, 65535),
                digests(c, "negotiation.header-digest"), digests(c, "negotiation.data-digest"));
        if (negotiation.firstBurstLength() > negotiation.maxBurstLength()) {
            throw ConfigError.at(c.getValue("negotiation.first-burst-length").origin(),
                    "pagewire.negotiation.first-burst-length", "must not exceed max-burst-length");
        }
        Settings.Io io = new Settings.Io(range(c, "io.parallelism", 1, 1024), range(c, "io.queue-capacity", 1, 1 << 20),
                c.getBoolean("io.inline-reads"));
        Settings.Identity identity = new Settings.Identity(
                ascii(c, "identity.vendor", 8), ascii(c, "identity.product", 16), ascii(c, "identity.revision", 4));
        TransportKind transport = enumValue(c, "transport", TransportKind.class);
        Settings.ZeroCopy zeroCopy = new Settings.ZeroCopy(enumValue(c, "zero-copy", ZeroCopyMode.class),
                intSize(c, "zero-copy-threshold", 1, 16 << 20, false));
        ChapCredentials discoveryChap = ChapSettings.read(c, "discovery.chap", "pagewire.discovery.chap");
        ChapCredentials discoveryMutual = ChapSettings.read(c, "discovery.mutual-chap", "pagewire.discovery.mutual-chap");
        ChapSettings.checkPair(discoveryChap, discoveryMutual, c, "discovery.mutual-chap", "pagewire.discovery.mutual-chap");
        DiscoveryAuth discovery = new DiscoveryAuth(discoveryChap, discoveryMutual);
        ChapSettings.checkAcross(c, targets, discovery);
        Limits limits = new Limits(range(c, "limits.max-sessions", 1, 65535));
        return new PagewireConfig(List.copyOf(portals), targets, transport, zeroCopy, pool, session, negotiation, io,
                identity, c.getDuration("shutdown-timeout"), all, discovery, limits);
    }

    private static List<TargetConfig> readTargets(Config c) {
        List<TargetConfig> targets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<? extends Config> list = c.getConfigList("targets");
        if (list.isEmpty()) {
            throw ConfigError.at(c.getValue("targets").origin(), "pagewire.targets", "at least one target is needed");
        }
        for (int t = 0; t < list.size(); t++) {
            Config target = list.get(t);
            String key = "pagewire.targets." + t;
            String iqn = target.getString("iqn");
            if (!IQN.matcher(iqn).matches()) {
                throw ConfigError.at(target.getValue("iqn").origin(), key + ".iqn",
                        "\"" + iqn + "\" is not an iSCSI name (iqn.yyyy-mm.reversed.domain[:id], lower case)");
            }
            if (!names.add(iqn)) {
                throw ConfigError.at(target.getValue("iqn").origin(), key + ".iqn", "duplicate target " + iqn);
            }
            String alias = target.hasPath("alias") ? target.getString("alias") : null;
            List<LunConfig> luns = new ArrayList<>();
            Set<Integer> numbers = new HashSet<>();
            List<? extends Config> lunList = target.getConfigList("luns");
            if (lunList.isEmpty()) {
                throw ConfigError.at(target.getValue("luns").origin(), key + ".luns", "at least one LUN is needed");
            }
            for (int l = 0; l < lunList.size(); l++) {
                LunConfig lun = readLun(lunList.get(l), key + ".luns." + l);
                if (!numbers.add(lun.lun())) {
                    throw ConfigError.at(lunList.get(l).getValue("lun").origin(), key + ".luns." + l + ".lun",
                            "duplicate LUN " + lun.lun());
                }
                luns.add(lun);
            }
            luns.sort((a, b) -> Integer.compare(a.lun(), b.lun()));
            ChapCredentials chap = ChapSettings.read(target, "chap", key + ".chap");
            ChapCredentials mutual = ChapSettings.read(target, "mutual-chap", key + ".mutual-chap");
            ChapSettings.checkPair(chap, mutual, target, "mutual-chap", key + ".mutual-chap");
            int maxSessions = target.hasPath("max-sessions") ? range(target, "max-sessions", 1, 65535, key + ".max-sessions")
                    : 0;
            targets.add(new TargetConfig(iqn, alias, luns, chap, mutual, allowedInitiators(target, key), maxSessions));
        }
        return List.copyOf(targets);
    }

    /** {@code allowed-initiators}: iSCSI names, compared in lower case (RFC 7143 §4.2.7.1); null when absent. */
    private static List<String> allowedInitiators(Config target, String key) {
        if (!target.hasPath("allowed-initiators")) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> listed;
        try {
            listed = target.getStringList("allowed-initiators");
        } catch (ConfigException.WrongType e) {
            throw ConfigError.at(target.getValue("allowed-initiators").origin(), key + ".allowed-initiators",
                    "expected a list of iSCSI names [ \"iqn...\" ]");
        }
        for (String name : listed) {
            String normal = name.toLowerCase(Locale.ROOT);
            if (!IQN.matcher(normal).matches()) {
                throw ConfigError.at(target.getValue("allowed-initiators").origin(), key + ".allowed-initiators",
                        "\"" + name + "\" is not an iSCSI name (iqn.yyyy-mm.reversed.domain[:id], eui., naa.)");
            }
            names.add(normal);
        }
        return names;
    }

    private static LunConfig readLun(Config lun, String key) {
        int number = range(lun, "lun", 0, 255, key + ".lun");
        // In HOCON an unquoted `null` is the null value, and `backend = null` is how users name that backend.
        Backend backend = lun.hasPathOrNull("backend") && lun.getIsNull("backend") ? Backend.NULL
                : enumValue(lun, "backend", Backend.class, key + ".backend");
        int blockSize = lun.hasPath("block-size") ? lun.getInt("block-size") : 512;
        if (blockSize != 512 && blockSize != 4096) {
            throw ConfigError.at(lun.getValue("block-size").origin(), key + ".block-size", "must be 512 or 4096");
        }
        long size;
        try {
            size = lun.getBytes("size");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw ConfigError.at(lun.getValue("size").origin(), key + ".size",
                    "not a size (examples: 1GiB, 512MiB, 1073741824)");
        }
        if (size <= 0 || size % blockSize != 0) {
            throw ConfigError.at(lun.getValue("size").origin(), key + ".size",
                    "must be a positive multiple of block-size " + blockSize + ", got " + size);
        }
        Path path = null;
        if (backend == Backend.FILE) {
            if (!lun.hasPath("path")) {
                throw ConfigError.at(lun.root().origin(), key + ".path", "a file LUN needs a path");
            }
            path = Path.of(lun.getString("path"));
        } else if (lun.hasPath("path")) {
            throw ConfigError.at(lun.getValue("path").origin(), key + ".path",
                    "only a file LUN has a path (backend is " + backend.name().toLowerCase(Locale.ROOT) + ")");
        }
        boolean writeCache = !lun.hasPath("write-cache") || flag(lun, "write-cache", key);
        boolean thin = flag(lun, "thin-provisioning", key);
        boolean readOnly = flag(lun, "read-only", key);
        boolean removable = flag(lun, "removable", key);
        long sanitizeRate = LunConfig.DEFAULT_SANITIZE_RATE;
        if (lun.hasPath("sanitize-rate")) {
            try {
                sanitizeRate = lun.getBytes("sanitize-rate"); // a negative size is a BadValue too
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
                throw ConfigError.at(lun.getValue("sanitize-rate").origin(), key + ".sanitize-rate",
                        "not a size per second (examples: 64MiB, 16MiB, 0 for unpaced)");
            }
        }
        return new LunConfig(number, backend, path, size, blockSize, writeCache, thin, readOnly, removable,
                physicalBlockSize(lun, key, blockSize), sanitizeRate);
    }

    /** Block size times a power of two up to 2^15 (the 4-bit LBPPBE of READ CAPACITY(16)). */
    private static int physicalBlockSize(Config lun, String key, int blockSize) {
        if (!lun.hasPath("physical-block-size")) {
            return blockSize;
        }
        long bytes;
        try {
            bytes = lun.getBytes("physical-block-size");
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            bytes = -1;
        }
        long ratio = bytes / blockSize;
        if (bytes < blockSize || bytes % blockSize != 0 || Long.bitCount(ratio) != 1
                || ratio > 1L << LogicalUnitInfo.MAX_PHYSICAL_BLOCK_EXPONENT) {
            throw ConfigError.at(lun.getValue("physical-block-size").origin(), key + ".physical-block-size",
                    "must be block-size " + blockSize + " times a power of two up to 2^"
                            + LogicalUnitInfo.MAX_PHYSICAL_BLOCK_EXPONENT + " (e.g. 4KiB)");
        }
        return (int) bytes;
    }

    /** An optional boolean LUN key, false when absent. */
    private static boolean flag(Config lun, String name, String key) {
        if (!lun.hasPath(name)) {
            return false;
        }
        try {
            return lun.getBoolean(name);
        } catch (ConfigException.WrongType e) {
            throw ConfigError.at(lun.getValue(name).origin(), key + "." + name, "must be true or false");
        }
    }

    private static <E extends Enum<E>> E enumValue(Config c, String path, Class<E> type) {
        return enumValue(c, path, type, "pagewire." + path);
    }

    private static <E extends Enum<E>> E enumValue(Config c, String path, Class<E> type, String key) {
        String text = c.getString(path);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E value : type.getEnumConstants()) {
                names.add(value.name().toLowerCase(Locale.ROOT));
            }
            throw ConfigError.at(c.getValue(path).origin(), key, "\"" + text + "\" is not one of " + names);
        }
    }

    private static int positive(Config c, String path) {
        return range(c, path, 1, Integer.MAX_VALUE);
    }

    private static Duration positiveDuration(Config c, String path) {
        Duration value = c.getDuration(path);
        if (value.isNegative() || value.isZero()) {
            throw ConfigError.at(c.getValue(path).origin(), "pagewire." + path, "must be more than 0s, got " + value);
        }
        return value;
    }

    private static int range(Config c, String path, int min, int max) {
        return range(c, path, min, max, "pagewire." + path);
    }

    private static int range(Config c, String path, int min, int max, String key) {
        int value;
        try {
            value = c.getInt(path);
        } catch (ConfigException.WrongType e) {
            throw ConfigError.at(c.getValue(path).origin(), key, "not a number");
        }
        if (value < min || value > max) {
            throw ConfigError.at(c.getValue(path).origin(), key, value + " is outside " + min + ".." + max);
        }
        return value;
    }

    private static int intSize(Config c, String path, int min, int max, boolean powerOfTwo) {
        String key = "pagewire." + path;
        long value;
        try {
            value = c.getBytes(path);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw ConfigError.at(c.getValue(path).origin(), key, "not a size (examples: 128KiB, 1MiB, 65536)");
        }
        if (value < min || value > max) {
            throw ConfigError.at(c.getValue(path).origin(), key, value + " is outside " + min + ".." + max);
        }
        if (powerOfTwo && Long.bitCount(value) != 1) {
            throw ConfigError.at(c.getValue(path).origin(), key, "must be a power of two, got " + value);
        }
        return (int) value;
    }

    /**
     * A digest list: "None" and/or "CRC32C" (RFC 7143 §13.1), without repeats. Without None, CRC32C is
     * required and a login that does not agree on it fails.
     */
    private static List<String> digests(Config c, String path) {
        String key = "pagewire." + path;
        List<String> values;
        try {
            values = c.getStringList(path);
        } catch (ConfigException.WrongType e) {
            throw ConfigError.at(c.getValue(path).origin(), key, "not a list (example: [\"None\", \"CRC32C\"])");
        }
        List<String> digests = new ArrayList<>();
        for (String value : values) {
            String digest = value.equalsIgnoreCase("none") ? "None"
                    : value.equalsIgnoreCase("crc32c") ? "CRC32C" : null;
            if (digest == null) {
                throw ConfigError.at(c.getValue(path).origin(), key, "\"" + value + "\" is not None or CRC32C");
            }
            if (digests.contains(digest)) {
                throw ConfigError.at(c.getValue(path).origin(), key, digest + " is listed twice");
            }
            digests.add(digest);
        }
        if (digests.isEmpty()) {
            throw ConfigError.at(c.getValue(path).origin(), key, "must list None, CRC32C or both");
        }
        return List.copyOf(digests);
    }

    private static String ascii(Config c, String path, int maxLength) {
        String value = c.getString(path);
        if (value.length() > maxLength || !value.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw ConfigError.at(c.getValue(path).origin(), "pagewire." + path,
                    "must be printable ASCII of at most " + maxLength + " characters");
        }
        return value;
    }

    /** Without the raw {@code config}: it holds the CHAP secrets as written. */
    @Override
    public String toString() {
        return "PagewireConfig[portals=" + portals + ", targets=" + targets + ", transport=" + transport
                + ", zeroCopy=" + zeroCopy + ", pool=" + pool + ", session=" + session + ", negotiation=" + negotiation
                + ", io=" + io + ", identity=" + identity + ", shutdownTimeout=" + shutdownTimeout + ", discovery="
                + discovery + ", limits=" + limits + "]";
    }
}
