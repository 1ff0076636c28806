package io.pagewire.protocol.login;

import io.pagewire.protocol.text.OperationalParameters;
import java.util.Objects;

/**
 * The Login Response the Session actor sends for one Login Request. The actor adds what this layer
 * does not know: VersionMax and VersionActive ({@link LoginStateMachine#VERSION}), the request's ISID
 * and ITT, the TSIH, StatSN, ExpCmdSN and MaxCmdSN.
 *
 * @param transit    T bit
 * @param cont       C bit: the response text continues in the next response
 * @param csg        current stage
 * @param nsg        next stage; 0 when {@code transit} is false
 * @param status     status class and detail
 * @param data       the data segment (key=value text), a fresh array owned by the caller
 * @param complete   true when this response ends the login successfully: enter full feature phase
 *                   after sending it
 * @param failed     true when the login failed: close the connection after sending it
 * @param parameters the negotiated parameters when {@code complete}, otherwise null
 */
public record LoginStep(boolean transit, boolean cont, int csg, int nsg, LoginStatus status, byte[] data,
                        boolean complete, boolean failed, OperationalParameters parameters) {
    public LoginStep {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(data, "data");
        if (complete != (parameters != null)) {
            throw new IllegalArgumentException("parameters go with complete and only with it");
        }
        if (failed == status.isSuccess()) {
            throw new IllegalArgumentException("failed must match a non-success status: " + status);
        }
    }

    static LoginStep failure(LoginStatus status, int csg) {
        return new LoginStep(false, false, csg, 0, status, new byte[0], false, true, null);
    }
}
