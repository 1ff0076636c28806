package io.pagewire.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {
    private static final TargetPolicy D = TargetPolicy.DEFAULTS;

    private static TargetPolicy with(int mrdsl, int maxBurst, int firstBurst, int r2t) {
        return new TargetPolicy(mrdsl, maxBurst, firstBurst, true, false, r2t, 0, 1, List.of("None"), List.of("None"),
                2, 20, 1, true, 65536);
    }

    @Test
    void defaultsAreAsDocumented() {
        assertEquals(262144, D.maxRecvDataSegmentLength());
        assertEquals(1048576, D.maxBurstLength());
        assertEquals(65536, D.firstBurstLength());
        assertEquals(1, D.maxOutstandingR2T());
        assertEquals(1, D.targetPortalGroupTag());
    }

    @Test
    void ownValuesCoverEveryNegotiatedKeyButAuthMethod() {
        for (NegotiationKey key : NegotiationKey.values()) {
            if (key.negotiated() && key != NegotiationKey.AUTH_METHOD) {
                assertEquals(true, D.ownValues().containsKey(key), key.wireName());
            }
        }
        assertEquals("None", D.ownValues().get(NegotiationKey.HEADER_DIGEST));
        assertEquals("No", D.ownValues().get(NegotiationKey.INITIAL_R2T));
    }

    @Test
    void segmentLengthMustBeInTheRfcRange() {
        assertThrows(IllegalArgumentException.class, () -> with(511, 1048576, 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> with(16777216, 1048576, 65536, 1));
        assertEquals(16777215, with(16777215, 1048576, 65536, 1).maxRecvDataSegmentLength());
    }

    @Test
    void limitsMayNotBeBelowTheDefaultsTheInitiatorMayRelyOn() {
        assertThrows(IllegalArgumentException.class, () -> with(8192, 262143, 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> with(8192, 262144, 65535, 1));
        assertThrows(IllegalArgumentException.class, () -> with(8192, 262144, 262145, 1));
        assertThrows(IllegalArgumentException.class, () -> with(8192, 262144, 65536, 0));
    }

    @Test
    void digestsMustBeKnownAndWithoutNoneAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> D.withDigests(List.of(), List.of("None")));
        assertTrue(D.withDigests(List.of("CRC32C"), List.of("None")).requiresHeaderDigest());
        assertFalse(D.withDigests(List.of("CRC32C"), List.of("None")).requiresDataDigest());
        assertFalse(D.requiresHeaderDigest());
        assertThrows(IllegalArgumentException.class, () -> D.withDigests(List.of("None", "MD5"), List.of("None")));
        assertEquals("None,CRC32C", D.withDigests(List.of("None", "CRC32C"), List.of("None")).ownValues()
                .get(NegotiationKey.HEADER_DIGEST));
    }

    @Test
    void targetPortalAddressesBracketIpv6() {
        assertEquals("192.0.2.1:3260,1", new TargetPortal("192.0.2.1", 3260, 1).targetAddress());
        assertEquals("[2001:db8::1]:3260,7", new TargetPortal("2001:db8::1", 3260, 7).targetAddress());
        assertEquals("storage.example.com:860,65535", new TargetPortal("storage.example.com", 860, 65535).targetAddress());
    }
}
