package io.pagewire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PduLimitsTest {

    @Test
    void loginDefaultsAreEightKibibytesWithoutDigests() {
        assertEquals(8192, PduLimits.LOGIN_DEFAULTS.maxRecvDataSegmentLength());
        assertFalse(PduLimits.LOGIN_DEFAULTS.headerDigest());
        assertFalse(PduLimits.LOGIN_DEFAULTS.dataDigest());
    }

    @Test
    void lengthMustBeWithinFiveHundredTwelveAndTwoToTheTwentyFourMinusOne() {
        assertEquals(512, new PduLimits(512, false, false).maxRecvDataSegmentLength());
        assertEquals(16_777_215, new PduLimits(16_777_215, false, false).maxRecvDataSegmentLength());
        assertThrows(IllegalArgumentException.class, () -> new PduLimits(511, false, false));
        assertThrows(IllegalArgumentException.class, () -> new PduLimits(16_777_216, false, false));
        assertThrows(IllegalArgumentException.class, () -> new PduLimits(-1, false, false));
    }

    @Test
    void withersReplaceOneAspect() {
        PduLimits negotiated = PduLimits.LOGIN_DEFAULTS.withMaxRecvDataSegmentLength(262_144).withDigests(true, false);
        assertEquals(new PduLimits(262_144, true, false), negotiated);
        assertTrue(negotiated.headerDigest());
    }
}
