package io.pagewire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RejectReasonTest {

    @Test
    void wireValuesAreThoseOfRfc7143() {
        assertEquals(0x02, RejectReason.DATA_DIGEST_ERROR.value());
        assertEquals(0x03, RejectReason.SNACK_REJECT.value());
        assertEquals(0x04, RejectReason.PROTOCOL_ERROR.value());
        assertEquals(0x05, RejectReason.COMMAND_NOT_SUPPORTED.value());
        assertEquals(0x06, RejectReason.IMMEDIATE_COMMAND_REJECT.value());
        assertEquals(0x07, RejectReason.TASK_IN_PROGRESS.value());
        assertEquals(0x08, RejectReason.INVALID_DATA_ACK.value());
        assertEquals(0x09, RejectReason.INVALID_PDU_FIELD.value());
        assertEquals(0x0a, RejectReason.LONG_OPERATION_REJECT.value());
        assertEquals(0x0b, RejectReason.DEPRECATED.value());
        assertEquals(0x0c, RejectReason.WAITING_FOR_LOGOUT.value());
    }

    @Test
    void lookupFindsEveryReasonAndNothingElse() {
        for (RejectReason reason : RejectReason.values()) {
            assertSame(reason, RejectReason.of(reason.value()));
        }
        assertNull(RejectReason.of(0x00));
        assertNull(RejectReason.of(0x01));
        assertNull(RejectReason.of(0x0d));
        assertNull(RejectReason.of(0xff));
        assertNull(RejectReason.of(-1));
    }

    @Test
    void resendableFollowsTheTable() {
        assertTrue(RejectReason.DATA_DIGEST_ERROR.resendable());
        assertTrue(RejectReason.IMMEDIATE_COMMAND_REJECT.resendable());
        assertTrue(RejectReason.LONG_OPERATION_REJECT.resendable());
        assertFalse(RejectReason.PROTOCOL_ERROR.resendable());
        assertFalse(RejectReason.COMMAND_NOT_SUPPORTED.resendable());
    }
}
