package io.pagewire.protocol.text;

/** Scope of a negotiated value, RFC 7143 §13: SW (session-wide) or CO (connection only). */
public enum KeyScope {
    SESSION,
    CONNECTION
}
