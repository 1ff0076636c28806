package io.pagewire.protocol.login;

import java.util.Arrays;
import java.util.Objects;

/**
 * One side's CHAP name and secret (RFC 7143 §12.1.3, RFC 1994). The secret never appears in
 * {@link #toString()}: configuration records holding credentials are logged and printed.
 *
 * @param user   the CHAP_N this side sends or expects
 * @param secret the shared secret; copied in and out
 */
public record ChapCredentials(String user, byte[] secret) {
    public ChapCredentials {
        Objects.requireNonNull(user, "user");
        secret = Objects.requireNonNull(secret, "secret").clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** Same user and same secret bytes (the record's default compares array identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof ChapCredentials that && user.equals(that.user) && Arrays.equals(secret, that.secret);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    @Override
    public String toString() {
        return "ChapCredentials[user=" + user + ", secret=(" + secret.length + " bytes, hidden)]";
    }

    /** True when both secrets are the same bytes (a target's CHAP and mutual CHAP secret must differ). */
    public boolean sameSecret(ChapCredentials other) {
        return Arrays.equals(secret, other.secret);
    }

    /** Package-private view without a copy, for the response computation only. */
    byte[] secretBytes() {
        return secret;
    }
}
