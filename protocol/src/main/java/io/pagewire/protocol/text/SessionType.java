package io.pagewire.protocol.text;

/** The SessionType key, RFC 7143 §13.21. */
public enum SessionType {
    NORMAL("Normal"),
    DISCOVERY("Discovery");

    private final String text;

    SessionType(String text) {
        this.text = text;
    }

    /** The value as written on the wire. */
    public String text() {
        return text;
    }

    /** @return the session type for a wire value, or {@code null} for anything else */
    public static SessionType of(String value) {
        for (SessionType type : values()) {
            if (type.text.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
