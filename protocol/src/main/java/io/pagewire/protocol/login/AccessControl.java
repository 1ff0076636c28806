package io.pagewire.protocol.login;

import java.util.Objects;

/**
 * Who may log in to what, and how they authenticate (RFC 7143 §12): asked once per login, as soon
 * as the first complete request names the initiator and the target. Supplied by the actor layer
 * from configuration; must be safe to call from any login's thread.
 */
public interface AccessControl {

    /**
     * @param targetName null for a discovery session (every initiator may discover; SendTargets then
     *                   lists only what {@link #admits} allows)
     * @return false to fail the login with 0x0202, authorization failure
     */
    boolean admits(String initiatorName, String targetName);

    /** The methods a login to {@code targetName} (null: discovery) must use. */
    Authenticator authenticator(String targetName);

    /** Everyone is admitted, everyone authenticates with {@code authenticator}. */
    static AccessControl open(Authenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        return new AccessControl() {
            @Override
            public boolean admits(String initiatorName, String targetName) {
                return true;
            }

            @Override
            public Authenticator authenticator(String targetName) {
                return authenticator;
            }
        };
    }
}
