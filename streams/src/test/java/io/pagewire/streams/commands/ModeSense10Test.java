package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.ModeSenseFixtures.ALL;
import static io.pagewire.streams.commands.ModeSenseFixtures.CONTROL;
import static io.pagewire.streams.commands.ModeSenseFixtures.SHORT_DESCRIPTOR;
import static io.pagewire.streams.commands.ModeSenseFixtures.concat;
import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;
import static io.pagewire.streams.commands.Outcomes.expectSense;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MODE SENSE(10): the 8-byte header, LLBAA and the 16-bit allocation length. */
class ModeSense10Test {

    /** Long block descriptor: 200000h blocks of 512 bytes. */
    static final byte[] LONG_DESCRIPTOR = bytes(0, 0, 0, 0, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x02, 0x00);

    /** MODE DATA LENGTH (2 bytes), medium type, DPOFUA, LONGLBA, reserved, BLOCK DESCRIPTOR LENGTH (2). */
    static byte[] header(int totalLength, boolean longLba, int descriptorLength) {
        return bytes((totalLength - 2) >>> 8, (totalLength - 2) & 0xFF, 0x00, 0x10, longLba ? 1 : 0, 0x00,
                descriptorLength >>> 8, descriptorLength & 0xFF);
    }

    @Test
    void allPagesWithShortDescriptor() {
        byte[] data = expectData(dispatch(Cdbs.modeSense10(false, false, 0, 0x3F, 0, 1024)),
                concat(header(60, false, 8), SHORT_DESCRIPTOR, ALL));
        assertEquals(List.of(0x08, 0x0A, 0x1C), ModeSenseFixtures.pageCodes(data, 8, 8));
    }

    @Test
    void llbaaGivesTheLongDescriptor() {
        expectData(dispatch(Cdbs.modeSense10(true, false, 0, 0x0A, 0, 1024)),
                concat(header(36, true, 16), LONG_DESCRIPTOR, CONTROL));
    }

    @Test
    void longDescriptorCarriesSixtyFourBitCounts() {
        byte[] data = expectData(dispatch(Units.of(new Geometry(512, 1L << 40), false),
                Cdbs.modeSense10(true, false, 0, 0x0A, 0, 1024)));
        assertEquals(List.of((byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0),
                toList(Arrays.copyOfRange(data, 8, 16)));
    }

    @Test
    void dbdDropsTheDescriptorAndLongLba() {
        expectData(dispatch(Cdbs.modeSense10(true, true, 0, 0x0A, 0, 1024)), concat(header(20, false, 0), CONTROL));
    }

    @Test
    void allocationLengthIsSixteenBits() {
        byte[] full = concat(header(60, false, 8), SHORT_DESCRIPTOR, ALL);
        expectData(dispatch(Cdbs.modeSense10(false, false, 0, 0x3F, 0, 256)), full);
        expectData(dispatch(Cdbs.modeSense10(false, false, 0, 0x3F, 0, 8)), Arrays.copyOf(full, 8));
        expectData(dispatch(Cdbs.modeSense10(false, false, 0, 0x3F, 0, 0)), new byte[0]);
    }

    @Test
    void savedAndUnknownPages() {
        expectSense(dispatch(Cdbs.modeSense10(false, false, 3, 0x3F, 0, 1024)),
                SenseCode.SAVING_PARAMETERS_NOT_SUPPORTED);
        expectInvalidFieldInCdb(dispatch(Cdbs.modeSense10(false, false, 0, 0x01, 0, 1024)), 2, 5);
        expectInvalidFieldInCdb(dispatch(Cdbs.modeSense10(false, false, 0, 0x08, 0x02, 1024)), 3, -1);
    }

    private static List<Byte> toList(byte[] b) {
        Byte[] boxed = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            boxed[i] = b[i];
        }
        return List.of(boxed);
    }
}
