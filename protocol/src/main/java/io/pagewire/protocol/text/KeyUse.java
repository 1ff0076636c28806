package io.pagewire.protocol.text;

/** When a key may be sent: the "Use" of RFC 7143 §13. */
public enum KeyUse {
    /** LO: login of the leading connection only. */
    LEADING_ONLY,
    /** IO: login only (every connection). */
    LOGIN_ONLY,
    /** ALL: login and full feature phase. */
    ALL,
    /** FFPO: full feature phase only. */
    FULL_FEATURE_ONLY
}
