package io.pagewire.protocol.login;

/** Login Response Status-Class and Status-Detail, RFC 7143 §11.13.5. */
public enum LoginStatus {
    SUCCESS(0x00, 0x00),
    TARGET_MOVED_TEMPORARILY(0x01, 0x01),
    TARGET_MOVED_PERMANENTLY(0x01, 0x02),
    INITIATOR_ERROR(0x02, 0x00),
    AUTHENTICATION_FAILURE(0x02, 0x01),
    AUTHORIZATION_FAILURE(0x02, 0x02),
    NOT_FOUND(0x02, 0x03),
    TARGET_REMOVED(0x02, 0x04),
    UNSUPPORTED_VERSION(0x02, 0x05),
    TOO_MANY_CONNECTIONS(0x02, 0x06),
    MISSING_PARAMETER(0x02, 0x07),
    CANT_INCLUDE_IN_SESSION(0x02, 0x08),
    SESSION_TYPE_NOT_SUPPORTED(0x02, 0x09),
    SESSION_DOES_NOT_EXIST(0x02, 0x0a),
    INVALID_DURING_LOGIN(0x02, 0x0b),
    TARGET_ERROR(0x03, 0x00),
    SERVICE_UNAVAILABLE(0x03, 0x01),
    OUT_OF_RESOURCES(0x03, 0x02);

    private static final int DETAILS = 0x0c;
    private static final LoginStatus[] BY_CODE = new LoginStatus[4 * DETAILS];

    static {
        for (LoginStatus status : values()) {
            BY_CODE[status.statusClass * DETAILS + status.statusDetail] = status;
        }
    }

    private final int statusClass;
    private final int statusDetail;

    LoginStatus(int statusClass, int statusDetail) {
        this.statusClass = statusClass;
        this.statusDetail = statusDetail;
    }

    public int statusClass() {
        return statusClass;
    }

    public int statusDetail() {
        return statusDetail;
    }

    /** Class and detail as one 16-bit value, e.g. 0x0207. */
    public int code() {
        return statusClass << 8 | statusDetail;
    }

    /** Class 0: the login proceeds. */
    public boolean isSuccess() {
        return statusClass == 0;
    }

    /** @return the status, or {@code null} for a pair RFC 7143 does not define */
    public static LoginStatus of(int statusClass, int statusDetail) {
        if (statusClass < 0 || statusClass > 3 || statusDetail < 0 || statusDetail >= DETAILS) {
            return null;
        }
        return BY_CODE[statusClass * DETAILS + statusDetail];
    }
}
