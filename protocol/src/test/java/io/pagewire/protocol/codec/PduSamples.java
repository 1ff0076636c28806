package io.pagewire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.protocol.pdu.AsyncMessage;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.LogoutResponse;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.ScsiResponse;
import io.pagewire.protocol.pdu.SnackRequest;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import io.pagewire.protocol.pdu.TextRequest;
import io.pagewire.protocol.pdu.TextResponse;
import java.util.List;

/**
 * Two samples of every PDU record: "high" sets every flag and puts distinct values with the top
 * bit set in every field (a swapped offset or a sign bug shows), "low" clears everything.
 * Payloads get lengths of every residue mod 4.
 */
final class PduSamples {
    private static final long LUN = 0x0123_4567_89ab_cdefL;
    private static final int TAG = Pdu.RESERVED_TAG;

    private PduSamples() {
    }

    static List<Pdu> all(ByteBufAllocator alloc) {
        return List.of(
                new NopOut(true, LUN, 0x8000_0001, 0x8000_0002, 0x8000_0003, 0x8000_0004, data(alloc, 5)),
                new NopOut(false, 0, 0, TAG, 0, 0, empty(alloc)),
                new ScsiCommand(true, true, true, true, 7, LUN, 0x8000_0011, 0xffff_fff0, 0x8000_0013, 0x8000_0014,
                        cdb(20), 0x8000_0015, data(alloc, 6)),
                new ScsiCommand(false, false, false, false, 0, 0, 0, 0, 0, 0, cdb(16), -1, empty(alloc)),
                new TaskManagementRequest(true, 0x7f, LUN, 0x8000_0021, 0x8000_0022, 0x8000_0023, 0x8000_0024,
                        0x8000_0025, 0x8000_0026),
                new TaskManagementRequest(false, 1, 0, 0, TAG, 0, 0, 0, 0),
                new LoginRequest(true, true, 3, 3, 0xff, 0xfe, 0xffff_ffff_fffeL, 0xffff, 0x8000_0031, 0xfffe,
                        0x8000_0032, 0x8000_0033, data(alloc, 7)),
                new LoginRequest(false, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, empty(alloc)),
                new TextRequest(true, true, true, LUN, 0x8000_0041, 0x8000_0042, 0x8000_0043, 0x8000_0044,
                        data(alloc, 8)),
                new TextRequest(false, false, false, 0, 0, TAG, 0, 0, empty(alloc)),
                new DataOut(true, LUN, 0x8000_0051, 0x8000_0052, 0x8000_0053, 0x8000_0054, 0x8000_0055,
                        data(alloc, 512)),
                new DataOut(false, 0, 0, TAG, 0, 0, 0, data(alloc, 1)),
                new LogoutRequest(true, 0x7f, 0x8000_0061, 0xffff, 0x8000_0062, 0x8000_0063),
                new LogoutRequest(false, 0, 0, 0, 0, 0),
                new SnackRequest(0xf, LUN, 0x8000_0071, 0x8000_0072, 0x8000_0073, 0x8000_0074, 0x8000_0075),
                new SnackRequest(0, 0, TAG, TAG, 0, 0, 0),
                new NopIn(LUN, 0x8000_0081, 0x8000_0082, 0x8000_0083, 0x8000_0084, 0x8000_0085, data(alloc, 3)),
                new NopIn(0, TAG, 0, 0, 0, 0, empty(alloc)),
                new ScsiResponse(true, true, true, true, 0xff, 0xfe, 0x8000_0091, 0x8000_0092, 0x8000_0093,
                        0x8000_0094, 0x8000_0095, 0x8000_0096, 0x8000_0097, 0x8000_0098, data(alloc, 20)),
                new ScsiResponse(false, false, false, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, empty(alloc)),
                new TaskManagementResponse(0xff, 0x8000_00a1, 0x8000_00a2, 0x8000_00a3, 0x8000_00a4),
                new TaskManagementResponse(0, 0, 0, 0, 0),
                new LoginResponse(true, true, 3, 3, 0xff, 0xfe, 0xffff_ffff_fffeL, 0xffff, 0x8000_00b1,
                        0x8000_00b2, 0x8000_00b3, 0x8000_00b4, 0xff, 0xfe, data(alloc, 9)),
                new LoginResponse(false, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, empty(alloc)),
                new TextResponse(true, true, LUN, 0x8000_00c1, 0x8000_00c2, 0x8000_00c3, 0x8000_00c4,
                        0x8000_00c5, data(alloc, 2)),
                new TextResponse(false, false, 0, 0, TAG, 0, 0, 0, empty(alloc)),
                new DataIn(true, true, true, true, true, 0xff, LUN, 0x8000_00d1, 0x8000_00d2, 0x8000_00d3,
                        0x8000_00d4, 0x8000_00d5, 0x8000_00d6, 0x8000_00d7, 0x8000_00d8, data(alloc, 4099)),
                new DataIn(false, false, false, false, false, 0, 0, 0, TAG, 0, 0, 0, 0, 0, 0, data(alloc, 4096)),
                new LogoutResponse(0xff, 0x8000_00e1, 0x8000_00e2, 0x8000_00e3, 0x8000_00e4, 0xffff, 0xfffe),
                new LogoutResponse(0, 0, 0, 0, 0, 0, 0),
                new R2t(LUN, 0x8000_00f1, 0x8000_00f2, 0x8000_00f3, 0x8000_00f4, 0x8000_00f5, 0x8000_00f6,
                        0x8000_00f7, 0x8000_00f8),
                new R2t(0, 0, 0, 0, 0, 0, 0, 0, 0),
                new AsyncMessage(LUN, 0x8000_0101, 0x8000_0102, 0x8000_0103, 0xff, 0xfe, 0xffff, 0xfffe, 0xfffd,
                        data(alloc, 48)),
                new AsyncMessage(0, 0, 0, 0, 0, 0, 0, 0, 0, empty(alloc)),
                new Reject(0xff, 0x8000_0111, 0x8000_0112, 0x8000_0113, 0x8000_0114, data(alloc, 48)),
                new Reject(RejectReason.PROTOCOL_ERROR.value(), 0, 0, 0, 0, data(alloc, 48)));
    }

    /** {@code length} bytes that differ from sample to sample. */
    static ByteBuf data(ByteBufAllocator alloc, int length) {
        ByteBuf buf = alloc.heapBuffer(length);
        for (int i = 0; i < length; i++) {
            buf.writeByte(i * 7 + length);
        }
        return buf;
    }

    static ByteBuf empty(ByteBufAllocator alloc) {
        return alloc.heapBuffer(0);
    }

    static byte[] cdb(int length) {
        byte[] cdb = new byte[length];
        for (int i = 0; i < length; i++) {
            cdb[i] = (byte) (0xa0 + i);
        }
        return cdb;
    }

    static void releaseAll(List<?> messages) {
        messages.forEach(ReferenceCountUtil::release);
    }

    /**
     * Every field equal. Records compare all their components (the data segment by content);
     * ScsiCommand's CDB is an array, so it is compared field by field.
     */
    static void assertSamePdu(Pdu expected, Object actual) {
        if (expected instanceof ScsiCommand e) {
            ScsiCommand a = assertInstanceOf(ScsiCommand.class, actual);
            assertEquals(e.immediate(), a.immediate(), "immediate");
            assertEquals(e.finalFlag(), a.finalFlag(), "final");
            assertEquals(e.read(), a.read(), "read");
            assertEquals(e.write(), a.write(), "write");
            assertEquals(e.attribute(), a.attribute(), "attribute");
            assertEquals(e.lun(), a.lun(), "lun");
            assertEquals(e.itt(), a.itt(), "itt");
            assertEquals(e.expectedDataTransferLength(), a.expectedDataTransferLength(), "edtl");
            assertEquals(e.cmdSn(), a.cmdSn(), "cmdSn");
            assertEquals(e.expStatSn(), a.expStatSn(), "expStatSn");
            assertArrayEquals(e.cdb(), a.cdb(), "cdb");
            assertEquals(e.bidiReadLength(), a.bidiReadLength(), "bidiReadLength");
            assertEquals(e.data(), a.data(), "data");
        } else {
            assertEquals(expected, actual);
        }
    }
}
