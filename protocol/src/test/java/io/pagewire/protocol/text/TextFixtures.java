package io.pagewire.protocol.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds and reads key=value text in tests, written the way a packet trace shows it. */
public final class TextFixtures {
    private TextFixtures() {
    }

    /** {@code "a=b", "c=d"} → {@code a=b\0c=d\0}. */
    public static byte[] text(String... pairs) {
        return text(List.of(pairs));
    }

    public static byte[] text(List<String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String pair : pairs) {
            byte[] bytes = pair.getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The pairs of a data segment as {@code "key=value"} strings, for readable assertions. */
    public static List<String> pairs(byte[] data) {
        List<String> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                pairs.add(new String(data, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != data.length) {
            throw new AssertionError("text not NUL-terminated: " + new String(data, start, data.length - start,
                    StandardCharsets.UTF_8));
        }
        return pairs;
    }

    public static List<KeyValue> keyValues(String... pairs) {
        List<KeyValue> list = new ArrayList<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            list.add(new KeyValue(pair.substring(0, equals), pair.substring(equals + 1)));
        }
        return list;
    }

    public static List<String> strings(List<KeyValue> pairs) {
        return pairs.stream().map(KeyValue::toString).toList();
    }
}
