package io.pagewire.protocol.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LunAddressTest {

    @Test
    void peripheralAddressingUpTo255() {
        assertEquals(0L, LunAddress.encode(0));
        assertEquals(0x0001_0000_0000_0000L, LunAddress.encode(1));
        assertEquals(0x00FF_0000_0000_0000L, LunAddress.encode(255));
    }

    @Test
    void flatSpaceAbove255() {
        assertEquals(0x4100_0000_0000_0000L, LunAddress.encode(256));
        assertEquals(0x7FFF_0000_0000_0000L, LunAddress.encode(16383));
        byte[] b = new byte[10];
        LunAddress.encode(300, b, 1);
        assertArrayEquals(new byte[] {0, 0x41, 0x2C, 0, 0, 0, 0, 0, 0, 0}, b);
    }

    @Test
    void decodeRoundTrips() {
        for (int lun : new int[] {0, 1, 7, 255, 256, 300, 16383}) {
            assertEquals(lun, LunAddress.decode(LunAddress.encode(lun)));
        }
        assertEquals(5, LunAddress.decode(0x4005_0000_0000_0000L), "flat space may name small LUNs too");
    }

    @Test
    void decodeRefusesWhatItCannotAddress() {
        assertEquals(LunAddress.UNSUPPORTED, LunAddress.decode(0x0001_0000_0000_0001L), "second level");
        assertEquals(LunAddress.UNSUPPORTED, LunAddress.decode(0x0101_0000_0000_0000L), "bus 1");
        assertEquals(LunAddress.UNSUPPORTED, LunAddress.decode(0x8001_0000_0000_0000L), "logical unit addressing");
        assertEquals(LunAddress.UNSUPPORTED, LunAddress.decode(0xC101_0000_0000_0000L), "well-known LUN");
    }

    @Test
    void encodeRefusesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> LunAddress.encode(-1));
        assertThrows(IllegalArgumentException.class, () -> LunAddress.encode(16384));
    }
}
