package io.pagewire.protocol.text;

/** The value syntax of a key, RFC 7143 §6.1 ("text-value", "iSCSI-name-value", ...). */
public enum ValueType {
    /** UTF-8 text of at most 255 bytes. */
    TEXT,
    /** An iSCSI name, at most 223 bytes (RFC 7143 §4.2.7.1). */
    ISCSI_NAME,
    /** An unsigned decimal or {@code 0x} hex constant within the key's range. */
    NUMBER,
    /** {@code Yes} or {@code No}. */
    BOOLEAN,
    /** Comma-separated values, each at most 255 bytes. */
    LIST
}
