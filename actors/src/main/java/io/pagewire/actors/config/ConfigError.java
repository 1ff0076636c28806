package io.pagewire.actors.config;

import com.typesafe.config.ConfigOrigin;

/** A configuration mistake, reported as one line naming the file, the line and the key. */
public final class ConfigError extends RuntimeException {

    public ConfigError(String message) {
        super(message);
    }

    static ConfigError at(ConfigOrigin origin, String key, String problem) {
        String where = origin == null ? "configuration" : describe(origin);
        return new ConfigError(where + ": " + key + ": " + problem);
    }

    private static String describe(ConfigOrigin origin) {
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource() : origin.description();
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }
}
