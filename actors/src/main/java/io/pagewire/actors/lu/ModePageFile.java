package io.pagewire.actors.lu;

import io.pagewire.streams.commands.ModeParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved mode pages (MODE SELECT with SP = 1) next to the LUN's backing file, read at start as the
 * current values: {@code wce=}, {@code d_sense=}, {@code swp=} with 0 or 1.
 */
final class ModePageFile {
    private final Path path;

    ModePageFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The saved values, or null when none were saved. */
    ModeParameters load() throws IOException {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        Map<String, Boolean> values = new HashMap<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            if (!value.equals("0") && !value.equals("1")) {
                throw new IOException(path + ": bad line \"" + line + "\"");
            }
            values.put(line.substring(0, eq).trim(), value.equals("1"));
        }
        ModeParameters d = ModeParameters.DEFAULT;
        return new ModeParameters(values.getOrDefault("wce", d.writeCacheEnabled()),
                values.getOrDefault("d_sense", d.descriptorSense()), values.getOrDefault("swp", d.softwareWriteProtect()));
    }

    void save(ModeParameters values) throws IOException {
        AtomicFiles.write(path, List.of("# Pagewire saved mode pages (MODE SELECT with SP = 1)",
                "wce=" + bit(values.writeCacheEnabled()), "d_sense=" + bit(values.descriptorSense()),
                "swp=" + bit(values.softwareWriteProtect())));
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }
}
