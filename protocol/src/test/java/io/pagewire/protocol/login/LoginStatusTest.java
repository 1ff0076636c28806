package io.pagewire.protocol.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoginStatusTest {

    @Test
    void codesAreThoseOfRfc7143() {
        assertEquals(0x0000, LoginStatus.SUCCESS.code());
        assertEquals(0x0101, LoginStatus.TARGET_MOVED_TEMPORARILY.code());
        assertEquals(0x0102, LoginStatus.TARGET_MOVED_PERMANENTLY.code());
        assertEquals(0x0200, LoginStatus.INITIATOR_ERROR.code());
        assertEquals(0x0201, LoginStatus.AUTHENTICATION_FAILURE.code());
        assertEquals(0x0202, LoginStatus.AUTHORIZATION_FAILURE.code());
        assertEquals(0x0203, LoginStatus.NOT_FOUND.code());
        assertEquals(0x0204, LoginStatus.TARGET_REMOVED.code());
        assertEquals(0x0205, LoginStatus.UNSUPPORTED_VERSION.code());
        assertEquals(0x0206, LoginStatus.TOO_MANY_CONNECTIONS.code());
        assertEquals(0x0207, LoginStatus.MISSING_PARAMETER.code());
        assertEquals(0x0208, LoginStatus.CANT_INCLUDE_IN_SESSION.code());
        assertEquals(0x0209, LoginStatus.SESSION_TYPE_NOT_SUPPORTED.code());
        assertEquals(0x020a, LoginStatus.SESSION_DOES_NOT_EXIST.code());
        assertEquals(0x020b, LoginStatus.INVALID_DURING_LOGIN.code());
        assertEquals(0x0300, LoginStatus.TARGET_ERROR.code());
        assertEquals(0x0301, LoginStatus.SERVICE_UNAVAILABLE.code());
        assertEquals(0x0302, LoginStatus.OUT_OF_RESOURCES.code());
    }

    @Test
    void lookupByClassAndDetail() {
        for (LoginStatus status : LoginStatus.values()) {
            assertSame(status, LoginStatus.of(status.statusClass(), status.statusDetail()));
        }
        assertNull(LoginStatus.of(0x01, 0x00));
        assertNull(LoginStatus.of(0x02, 0x0c));
        assertNull(LoginStatus.of(0x04, 0x00));
        assertNull(LoginStatus.of(-1, 0));
    }

    @Test
    void onlyClassZeroIsSuccess() {
        assertTrue(LoginStatus.SUCCESS.isSuccess());
        assertFalse(LoginStatus.TARGET_MOVED_TEMPORARILY.isSuccess());
        assertFalse(LoginStatus.OUT_OF_RESOURCES.isSuccess());
    }
}
