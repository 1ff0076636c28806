package io.pagewire.protocol.login;

import io.pagewire.protocol.text.BinaryValue;
import io.pagewire.protocol.text.KeyValue;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target side of one CHAP exchange (RFC 7143 §12.1.3): CHAP_A → CHAP_A, CHAP_I, CHAP_C; then
 * CHAP_N, CHAP_R [, CHAP_I, CHAP_C] → success [with CHAP_N, CHAP_R]. Every deviation ends the login:
 * a missing CHAP_N or CHAP_R, or half of a mutual challenge, is 0x0207 (missing parameter); anything
 * else — no algorithm 5, a malformed value, a wrong name or response, a mutual challenge when the
 * target has no mutual secret, our own challenge reflected back — is 0x0201 (authentication failure).
 */
final class ChapExchange implements Authentication {
    private enum Step { AWAIT_ALGORITHM, AWAIT_RESPONSE, DONE }

    private final ChapCredentials initiator;
    private final ChapCredentials target;
    private final ChallengeSource challenges;
    private Step step = Step.AWAIT_ALGORITHM;
    private State state = State.IN_PROGRESS;
    private LoginStatus failure = LoginStatus.AUTHENTICATION_FAILURE;
    private int identifier;
    private byte[] challenge;

    ChapExchange(ChapCredentials initiator, ChapCredentials target, ChallengeSource challenges) {
        this.initiator = initiator;
        this.target = target;
        this.challenges = challenges;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public LoginStatus failure() {
        return failure;
    }

    @Override
    public List<KeyValue> onKeys(List<KeyValue> keys) {
        if (state != State.IN_PROGRESS) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE); // CHAP keys after the exchange ended
        }
        Map<String, String> values = new HashMap<>();
        for (KeyValue pair : keys) {
            if (values.put(pair.key(), pair.value()) != null) {
                return fail(LoginStatus.INITIATOR_ERROR); // a key twice in one request, §6.2
            }
        }
        return step == Step.AWAIT_ALGORITHM ? onAlgorithms(values) : onResponse(values);
    }

    private List<KeyValue> onAlgorithms(Map<String, String> values) {
        String offered = values.get(Chap.CHAP_A);
        if (offered == null || values.size() != 1) {
            return fail(offered == null ? LoginStatus.MISSING_PARAMETER : LoginStatus.AUTHENTICATION_FAILURE);
        }
        if (!Arrays.asList(offered.split(",", -1)).contains(Chap.MD5)) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE); // §12.1.3: no algorithm we support
        }
        identifier = challenges.nextIdentifier();
        challenge = challenges.nextChallenge();
        step = Step.AWAIT_RESPONSE;
        return List.of(new KeyValue(Chap.CHAP_A, Chap.MD5), new KeyValue(Chap.CHAP_I, Integer.toString(identifier)),
                new KeyValue(Chap.CHAP_C, BinaryValue.hex(challenge)));
    }

    private List<KeyValue> onResponse(Map<String, String> values) {
        String name = values.get(Chap.CHAP_N);
        String response = values.get(Chap.CHAP_R);
        String theirIdentifier = values.get(Chap.CHAP_I);
        String theirChallenge = values.get(Chap.CHAP_C);
        if (name == null || response == null || (theirIdentifier == null) != (theirChallenge == null)) {
            return fail(LoginStatus.MISSING_PARAMETER);
        }
        if (values.containsKey(Chap.CHAP_A)) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE); // the algorithm is settled
        }
        byte[] received = BinaryValue.decode(response, Chap.MAX_BINARY_BYTES);
        byte[] expected = Chap.response(identifier, initiator.secretBytes(), challenge);
        // Compare name and response without an early exit, so the time does not tell which was wrong.
        boolean nameMatches = MessageDigest.isEqual(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                initiator.user().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean responseMatches = received != null && MessageDigest.isEqual(received, expected);
        if (!(nameMatches & responseMatches)) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE);
        }
        if (theirChallenge == null) {
            return succeed(List.of());
        }
        int id = identifier(theirIdentifier);
        byte[] mutualChallenge = BinaryValue.decode(theirChallenge, Chap.MAX_BINARY_BYTES);
        if (target == null || id < 0 || mutualChallenge == null) {
            return fail(LoginStatus.AUTHENTICATION_FAILURE);
        }
        if (Arrays.equals(mutualChallenge, challenge) || challenges.issuedRecently(mutualChallenge)) {
            // §12.1.3: an originator must not reuse the responder's challenge for the other direction;
            // the responder must check for it. Answering would hand out our response to our own challenge —
            // to this login's, or to one another login (of this or another target) is waiting for.
            return fail(LoginStatus.AUTHENTICATION_FAILURE);
        }
        byte[] answer = Chap.response(id, target.secretBytes(), mutualChallenge);
        return succeed(List.of(new KeyValue(Chap.CHAP_N, target.user()), new KeyValue(Chap.CHAP_R, BinaryValue.hex(answer))));
    }

    /** CHAP_I: a numeric-value that must fit the one-octet identifier of RFC 1994; -1 when it does not. */
    private static int identifier(String text) {
        try {
            int value = text.startsWith("0x") || text.startsWith("0X") ? Integer.parseInt(text.substring(2), 16)
                    : Integer.parseInt(text);
            return value >= 0 && value <= 255 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<KeyValue> succeed(List<KeyValue> answer) {
        step = Step.DONE;
        state = State.SUCCEEDED;
        challenge = null;
        return answer;
    }

    private List<KeyValue> fail(LoginStatus status) {
        step = Step.DONE;
        state = State.FAILED;
        failure = status;
        challenge = null;
        return List.of();
    }
}
