package io.pagewire.protocol.login;

import io.pagewire.protocol.text.KeyValue;
import java.util.List;
import java.util.Set;

/**
 * The target's authentication methods (RFC 7143 §12), the hook for CHAP. The login machine
 * negotiates AuthMethod against {@link #methods()} (first value of the initiator's list that is
 * supported), then hands the method's keys to the {@link Authentication} it begins.
 */
public interface Authenticator {

    /** Accepts only AuthMethod=None: no authentication. */
    Authenticator NONE = new Authenticator() {
        @Override
        public List<String> methods() {
            return List.of("None");
        }

        @Override
        public Set<String> keys() {
            return Set.of();
        }

        @Override
        public Authentication begin(String method, String initiatorName, String targetName) {
            return new Authentication() {
                @Override
                public State state() {
                    return State.SUCCEEDED;
                }

                @Override
                public List<KeyValue> onKeys(List<KeyValue> keys) {
                    return List.of();
                }
            };
        }
    };

    /**
     * AuthMethod values accepted, e.g. {@code ["None"]} or {@code ["CHAP"]}. When "None" is absent the
     * initiator must authenticate: a login that starts in the operational stage or leaves the security
     * stage without a method fails with 0x0201.
     */
    List<String> methods();

    /** The security keys the methods consume (e.g. CHAP_A, CHAP_I, CHAP_C, CHAP_N, CHAP_R). */
    Set<String> keys();

    /**
     * Starts the agreed method, one of {@link #methods()}; for "None" the returned authentication is
     * already {@link Authentication.State#SUCCEEDED}.
     *
     * @param targetName null for discovery sessions
     */
    Authentication begin(String method, String initiatorName, String targetName);
}
