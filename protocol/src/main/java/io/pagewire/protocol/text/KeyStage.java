package io.pagewire.protocol.text;

/**
 * The login stages in which a key may appear: security keys only in the security stage, keys marked
 * "Any-Stage" in RFC 7143 §13 in either, all other keys only in the operational stage (and FFP).
 */
public enum KeyStage {
    SECURITY,
    OPERATIONAL,
    ANY
}
