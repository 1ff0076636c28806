package io.pagewire.actors.lu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Persistent reservations kept across restarts (APTPL, SPC-4 §5.13.5) in a text file next to the
 * LUN's backing file: written whole to a temporary file and moved over the old one, so a crash
 * leaves either the old or the new state, never half of one. One line per fact:
 * {@code generation=}, {@code type=}, {@code holder=<initiator port>\t<target port>},
 * {@code registration=<key hex>\t<initiator port>\t<target port>}.
 */
final class ReservationFile {
    private final Path path;

    ReservationFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The saved state, or null when there is none. */
    PersistentReservations.Saved load() throws IOException {
        if (!Files.isRegularFile(path)) {
            return null;
        }
        int generation = 0;
        int type = 0;
        Nexus holder = null;
        Map<Nexus, Long> registrations = new LinkedHashMap<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String[] v = line.substring(eq + 1).split("\t");
            try {
                switch (key) {
                    case "generation" -> generation = Integer.parseInt(v[0]);
                    case "type" -> type = Integer.parseInt(v[0]);
                    case "holder" -> holder = new Nexus(v[0], v[1]);
                    case "registration" -> registrations.put(new Nexus(v[1], v[2]), Long.parseUnsignedLong(v[0], 16));
                    default -> throw new IOException(path + ": unknown entry " + key);
                }
            } catch (RuntimeException e) {
                throw new IOException(path + ": bad line \"" + line + "\"", e);
            }
        }
        return new PersistentReservations.Saved(generation, type, holder, registrations);
    }

    void save(PersistentReservations.Saved saved) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Pagewire persistent reservations (APTPL); rewritten whole on every change");
        lines.add("generation=" + saved.generation());
        lines.add("type=" + saved.type());
        if (saved.holder() != null) {
            lines.add("holder=" + saved.holder().initiatorPort() + "\t" + saved.holder().targetPort());
        }
        saved.registrations().forEach((nexus, key) -> lines.add("registration=" + Long.toHexString(key) + "\t"
                + nexus.initiatorPort() + "\t" + nexus.targetPort()));
        AtomicFiles.write(path, lines);
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
