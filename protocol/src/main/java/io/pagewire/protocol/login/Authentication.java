package io.pagewire.protocol.login;

import io.pagewire.protocol.text.KeyValue;
import java.util.List;

/**
 * One run of an authentication method in the security stage of one login (RFC 7143 §12). Created
 * by {@link Authenticator#begin}; fed the security keys of each Login Request.
 */
public interface Authentication {

    enum State {
        /** More exchanges are needed; the target does not leave the security stage yet. */
        IN_PROGRESS,
        /** The initiator is authenticated; the stage may end. */
        SUCCEEDED,
        /** Login fails with status 0x0201. */
        FAILED
    }

    State state();

    /**
     * Consumes the security keys of one request (those named in {@link Authenticator#keys()}).
     *
     * @return the keys to put into the response, e.g. CHAP_A, CHAP_I and CHAP_C
     */
    List<KeyValue> onKeys(List<KeyValue> keys);

    /**
     * The login status when {@link #state()} is FAILED: 0x0201 unless the method knows better (a
     * missing key is 0x0207, RFC 7143 §11.13.5).
     */
    default LoginStatus failure() {
        return LoginStatus.AUTHENTICATION_FAILURE;
    }
}
