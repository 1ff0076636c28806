package io.pagewire.protocol.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import org.junit.jupiter.api.Test;

class PayloadPduTest {

    @Test
    void referenceCountIsTheDataSegments() {
        ByteBuf data = Unpooled.buffer(4).writeInt(1);
        NopIn nopIn = new NopIn(0, 1, Pdu.RESERVED_TAG, 0, 0, 0, data);
        assertEquals(1, nopIn.refCnt());
        assertSame(nopIn, nopIn.retain());
        assertEquals(2, data.refCnt());
        assertSame(nopIn, nopIn.touch("hint"));
        assertFalse(nopIn.release());
        assertTrue(nopIn.release());
        assertEquals(0, data.refCnt());
    }

    @Test
    void retainAndReleaseByIncrement() {
        ByteBuf data = Unpooled.buffer(1).writeByte(1);
        DataOut dataOut = new DataOut(true, 0, 1, Pdu.RESERVED_TAG, 0, 0, 0, data);
        dataOut.retain(3);
        assertEquals(4, dataOut.refCnt());
        assertTrue(dataOut.release(4));
    }

    @Test
    void recordsWithoutPayloadAreNotReferenceCounted() {
        Pdu r2t = new R2t(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertFalse(r2t instanceof ReferenceCounted);
    }

    @Test
    void scsiCommandNeedsTheSixteenCdbBytes() {
        assertThrows(IllegalArgumentException.class, () -> new ScsiCommand(false, true, false, false, 0, 0, 1, 0,
                0, 0, new byte[15], -1, Unpooled.EMPTY_BUFFER));
        assertThrows(NullPointerException.class, () -> new NopOut(false, 0, 1, Pdu.RESERVED_TAG, 0, 0, null));
    }

    @Test
    void reservedTagPdusReportIt() {
        assertEquals(Pdu.RESERVED_TAG, new Reject(4, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER).itt());
        assertEquals(Pdu.RESERVED_TAG, new AsyncMessage(0, 0, 0, 0, 1, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER).itt());
    }
}
