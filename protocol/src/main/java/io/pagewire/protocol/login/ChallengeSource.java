package io.pagewire.protocol.login;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where CHAP challenges come from: {@value #CHALLENGE_BYTES} fresh bytes of a {@link SecureRandom}
 * per login, and an identifier (CHAP_I) from one counter per process. CHAP_I is one octet (RFC 1994
 * §4.1), so it cycles through 0..255: no two of any 256 consecutive challenges share one. What
 * makes each challenge unpredictable is the random value, not the identifier. Thread-safe; logins of
 * all connections share {@link #PROCESS}.
 *
 * <p>It also remembers the last {@value #REMEMBERED} challenges it issued, so that a mutual challenge
 * equal to any of them — reflected from this login or from another one still running — is refused
 * (RFC 7143 §12.1.3); 4096 is far more than can be issued within one login timeout.
 */
public final class ChallengeSource {
    /** RFC 7143 §12.1.3 wants unpredictable challenges; 16 bytes is the MD5 block's worth. */
    public static final int CHALLENGE_BYTES = 16;
    public static final ChallengeSource PROCESS = new ChallengeSource(new SecureRandom());

    static final int REMEMBERED = 4096;

    private final SecureRandom random;
    private final AtomicInteger identifiers;
    /** Guarded by itself; oldest first. */
    private final Map<ByteBuffer, Boolean> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

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
        synchronized (recent) {
            recent.put(ByteBuffer.wrap(challenge.clone()), Boolean.TRUE);
        }
        return challenge;
    }

    /** True when {@code challenge} is one of the last {@value #REMEMBERED} this source issued. */
    public boolean issuedRecently(byte[] challenge) {
        synchronized (recent) {
            return recent.containsKey(ByteBuffer.wrap(challenge));
        }
    }
}
