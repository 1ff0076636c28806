package io.pagewire.protocol.login;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where CHAP challenges come from: {@value #CHALLENGE_BYTES} fresh bytes of a {@link SecureRandom}
 * per login, and an identifier (CHAP_I) from one counter per process. CHAP_I is one octet (RFC 1994
 * §4.1), so it cycles through 0..255: no two of any 256 consecutive challenges share one. What
 * makes each challenge unpredictable is the random value, not the identifier. Thread-safe; logins of
 * all connections share {@link #PROCESS}.
 */
public final class ChallengeSource {
    /** RFC 7143 §12.1.3 wants unpredictable challenges; 16 bytes is the MD5 block's worth. */
    public static final int CHALLENGE_BYTES = 16;
    public static final ChallengeSource PROCESS = new ChallengeSource(new SecureRandom());

    private final SecureRandom random;
    private final AtomicInteger identifiers;

    public ChallengeSource(SecureRandom random) {
        this.random = random;
        this.identifiers = new AtomicInteger(random.nextInt(256));
    }

    /** The next identifier, 0..255. */
    public int nextIdentifier() {
        return identifiers.getAndIncrement() & 0xff;
    }

    public byte[] nextChallenge() {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        random.nextBytes(challenge);
        return challenge;
    }
}
