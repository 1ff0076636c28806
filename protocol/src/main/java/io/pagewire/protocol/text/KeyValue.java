package io.pagewire.protocol.text;

import java.util.Objects;

/**
 * One {@code key=value} pair of iSCSI text (RFC 7143 §6.1). The value is kept as sent: a list value
 * such as {@code "CRC32C,None"} is one string here and is split by whoever knows the key.
 */
public record KeyValue(String key, String value) {

    /** Answer value for a key the responder does not know (RFC 7143 §6.2). */
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    /** Answer value for an unacceptable offer; the key keeps its previous value (RFC 7143 §6.2). */
    public static final String REJECT = "Reject";
    /** Answer value for a key that has no meaning in the current negotiation (RFC 7143 §6.2). */
    public static final String IRRELEVANT = "Irrelevant";

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
    }

    /** True when the value is one of the three answer constants rather than a real value. */
    public boolean isAnswerConstant() {
        return value.equals(NOT_UNDERSTOOD) || value.equals(REJECT) || value.equals(IRRELEVANT);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
