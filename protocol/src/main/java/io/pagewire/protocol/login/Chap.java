package io.pagewire.protocol.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * AuthMethod=CHAP with algorithm 5, MD5 (RFC 7143 §12.1.3, RFC 1994): the target challenges the
 * initiator; when the initiator sends a challenge of its own (mutual CHAP) the target answers it
 * with its own name and secret. One instance per target (or per discovery), shared by its logins.
 */
public final class Chap implements Authenticator {
    public static final String METHOD = "CHAP";
    /** CHAP_A value for MD5 (RFC 1994 §3.1; the one RFC 7143 §12.1.3 makes mandatory). */
    public static final String MD5 = "5";
    /** §12.1.3: C and R are large-binary-values of at most 1024 bytes. */
    public static final int MAX_BINARY_BYTES = 1024;

    static final String CHAP_A = "CHAP_A";
    static final String CHAP_I = "CHAP_I";
    static final String CHAP_C = "CHAP_C";
    static final String CHAP_N = "CHAP_N";
    static final String CHAP_R = "CHAP_R";

    private final ChapCredentials initiator;
    private final ChapCredentials target;
    private final ChallengeSource challenges;

    /**
     * @param initiator  the name and secret the initiator must prove
     * @param target     the name and secret the target proves when challenged (mutual CHAP); null when
     *                   the target does not authenticate itself, and a mutual challenge then fails
     */
    public Chap(ChapCredentials initiator, ChapCredentials target, ChallengeSource challenges) {
        this.initiator = Objects.requireNonNull(initiator, "initiator");
        this.target = target;
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        if (target != null && target.sameSecret(initiator)) {
            // §12.1.3: the same secret both ways lets an attacker reflect the target's challenge.
            throw new IllegalArgumentException("the mutual CHAP secret must differ from the initiator's");
        }
    }

    @Override
    public List<String> methods() {
        return List.of(METHOD);
    }

    @Override
    public Set<String> keys() {
        return Set.of(CHAP_A, CHAP_I, CHAP_C, CHAP_N, CHAP_R);
    }

    @Override
    public Authentication begin(String method, String initiatorName, String targetName) {
        if (!METHOD.equals(method)) {
            throw new IllegalArgumentException("not a CHAP method: " + method);
        }
        return new ChapExchange(initiator, target, challenges);
    }

    /** RFC 1994 §4.1: MD5 over the identifier octet, the secret and the challenge. */
    static byte[] response(int identifier, byte[] secret, byte[] challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) identifier);
            md5.update(secret);
            md5.update(challenge);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
