package io.pagewire.protocol.text;

import static io.pagewire.protocol.text.TextFixtures.pairs;
import static io.pagewire.protocol.text.TextFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.codec.RejectReason;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.TextRequest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextExchangeTest {
    private static final int ITT = 0x10;
    private static final int NONE = Pdu.RESERVED_TAG;

    private static final TargetInfo DISK = new TargetInfo("iqn.2024-01.io.pagewire:disk", "disk",
            List.of(new TargetPortal("192.0.2.10", 3260, 1), new TargetPortal("2001:db8::10", 3260, 1)));
    private static final TargetInfo TAPE = new TargetInfo("iqn.2024-01.io.pagewire:tape", null,
            List.of(new TargetPortal("192.0.2.10", 3260, 1)));
    private static final TargetDirectory DIRECTORY = TargetDirectory.of(List.of(DISK, TAPE));

    /** Twenty targets: an answer of about 1.2 KB, more than one 512-byte segment. */
    private static final TargetDirectory TWENTY = TargetDirectory.of(java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> new TargetInfo("iqn.2024-01.io.pagewire:lun" + i, null,
                    List.of(new TargetPortal("192.0.2.10", 3260, 1))))
            .toList());

    private static OperationalParameters discovery(int initiatorMaxRecv) {
        return new OperationalParameters(SessionType.DISCOVERY, "iqn.1994-05.com.redhat:client", null, null, false, false,
                262144, initiatorMaxRecv, 1, true, true, 262144, 65536, 2, 20, 1, true, true, 0);
    }

    private static final OperationalParameters NORMAL = new OperationalParameters(SessionType.NORMAL,
            "iqn.1994-05.com.redhat:client", null, DISK.name(), false, false, 262144, 262144, 1, false, true,
            262144, 65536, 2, 0, 1, true, true, 0);

    private static TextStep send(TextExchange exchange, boolean finalFlag, boolean cont, int itt, int ttt, byte[] data) {
        TextRequest request = new TextRequest(true, finalFlag, cont, 0L, itt, ttt, 1, 1, Unpooled.wrappedBuffer(data));
        try {
            return exchange.onRequest(request);
        } finally {
            request.release();
        }
    }

    private static TextStep.Answer answer(TextStep step) {
        return assertInstanceOf(TextStep.Answer.class, step);
    }

    @Test
    void sendTargetsAllInDiscoveryListsEveryTargetWithItsPortals() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(32768));
        TextStep.Answer a = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All")));

        assertEquals(true, a.finalFlag());
        assertEquals(false, a.cont());
        assertEquals(NONE, a.ttt());
        assertArrayEquals(text("TargetName=iqn.2024-01.io.pagewire:disk", "TargetAddress=192.0.2.10:3260,1",
                "TargetAddress=[2001:db8::10]:3260,1", "TargetName=iqn.2024-01.io.pagewire:tape",
                "TargetAddress=192.0.2.10:3260,1"), a.data());
    }

    @Test
    void sendTargetsAllInANormalSessionReportsOnlyTheSessionTarget() {
        TextExchange exchange = new TextExchange(DIRECTORY, NORMAL);
        assertEquals(List.of("TargetName=iqn.2024-01.io.pagewire:disk", "TargetAddress=192.0.2.10:3260,1",
                "TargetAddress=[2001:db8::10]:3260,1"), pairs(answer(send(exchange, true, false, ITT, NONE,
                text("SendTargets=All"))).data()));
    }

    @Test
    void emptySendTargetsInANormalSessionReportsTheSessionTarget() {
        TextExchange exchange = new TextExchange(DIRECTORY, NORMAL);
        assertEquals(List.of("TargetName=iqn.2024-01.io.pagewire:disk", "TargetAddress=192.0.2.10:3260,1",
                "TargetAddress=[2001:db8::10]:3260,1"), pairs(answer(send(exchange, true, false, ITT, NONE,
                text("SendTargets="))).data()));
    }

    @Test
    void emptySendTargetsInDiscoveryIsRejected() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        assertEquals(List.of("SendTargets=Reject"), pairs(answer(send(exchange, true, false, ITT, NONE,
                text("SendTargets="))).data()));
    }

    @Test
    void namedSendTargetsReportsThatTargetOrNothing() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        assertEquals(List.of("TargetName=iqn.2024-01.io.pagewire:tape", "TargetAddress=192.0.2.10:3260,1"),
                pairs(answer(send(exchange, true, false, ITT, NONE, text("SendTargets=iqn.2024-01.io.pagewire:tape"))).data()));
        TextStep.Answer none = answer(send(exchange, true, false, ITT + 1, NONE, text("SendTargets=iqn.2024-01.io.other:x")));
        assertEquals(0, none.data().length);
        assertEquals(true, none.finalFlag());
    }

    @Test
    void otherKeysInFullFeaturePhase() {
        TextExchange exchange = new TextExchange(DIRECTORY, NORMAL);
        assertEquals(List.of("MaxRecvDataSegmentLength=Reject", "InitialR2T=Reject", "X-com.example.k=NotUnderstood"),
                pairs(answer(send(exchange, true, false, ITT, NONE, text("MaxRecvDataSegmentLength=65536",
                        "InitialR2T=Yes", "InitiatorAlias=new-alias", "X-com.example.k=1"))).data()));
    }

    /** 400 targets of ~80 bytes each make an answer of about 31 KB, more than three 8192-byte segments. */
    @Test
    void answerLongerThanTheInitiatorsSegmentLimitIsSentInPieces() {
        List<TargetInfo> many = new ArrayList<>();
        List<String> expectedPairs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String name = String.format("iqn.2024-01.io.pagewire:volume-%04d", i);
            many.add(new TargetInfo(name, null, List.of(new TargetPortal("192.0.2.10", 3260, 1))));
            expectedPairs.add("TargetName=" + name);
            expectedPairs.add("TargetAddress=192.0.2.10:3260,1");
        }
        byte[] expected = text(expectedPairs);
        assertTrue(expected.length > 3 * 8192, "answer of " + expected.length + " bytes");
        TextExchange exchange = new TextExchange(TargetDirectory.of(many), discovery(8192));

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        TextStep.Answer a = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All")));
        int ttt = a.ttt();
        int pieces = 1;
        while (!a.finalFlag()) {
            assertEquals(true, a.cont());
            assertEquals(8192, a.data().length);
            assertEquals(ttt, a.ttt());
            assertTrue(ttt != NONE);
            received.writeBytes(a.data());
            a = answer(send(exchange, true, false, ITT, ttt, new byte[0]));
            pieces++;
        }
        received.writeBytes(a.data());

        assertEquals(false, a.cont());
        assertEquals(NONE, a.ttt());
        assertEquals((expected.length + 8191) / 8192, pieces);
        assertEquals(expected.length % 8192, a.data().length);
        assertArrayEquals(expected, received.toByteArray());
    }

    @Test
    void continuationWithAWrongTagIsRejected() {
        TextExchange exchange = new TextExchange(TWENTY, discovery(512));
        TextStep.Answer a = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All")));
        assertEquals(true, a.cont());
        TextStep wrong = send(exchange, true, false, ITT, a.ttt() + 1, new byte[0]);
        assertEquals(new TextStep.RejectPdu(RejectReason.INVALID_PDU_FIELD), wrong);
        // The exchange is gone: even the right tag is now invalid.
        assertEquals(new TextStep.RejectPdu(RejectReason.INVALID_PDU_FIELD),
                send(exchange, true, false, ITT, a.ttt(), new byte[0]));
    }

    @Test
    void continuationWithAnotherIttIsRejected() {
        TextExchange exchange = new TextExchange(TWENTY, discovery(512));
        TextStep.Answer a = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All")));
        assertEquals(new TextStep.RejectPdu(RejectReason.INVALID_PDU_FIELD),
                send(exchange, true, false, ITT + 1, a.ttt(), new byte[0]));
    }

    @Test
    void newRequestWithReservedTagDropsThePendingAnswer() {
        TextExchange exchange = new TextExchange(TWENTY, discovery(512));
        assertEquals(true, answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All"))).cont());
        TextStep.Answer fresh = answer(send(exchange, true, false, ITT + 1, NONE,
                text("SendTargets=iqn.2024-01.io.pagewire:lun7")));
        assertEquals(true, fresh.finalFlag());
        assertEquals(List.of("TargetName=iqn.2024-01.io.pagewire:lun7", "TargetAddress=192.0.2.10:3260,1"),
                pairs(fresh.data()));
    }

    @Test
    void requestSplitWithTheContinueBitIsAcknowledgedThenAnswered() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        byte[] whole = text("X-com.example.first=1", "SendTargets=iqn.2024-01.io.pagewire:tape");
        TextStep.Answer ack = answer(send(exchange, false, true, ITT, NONE, Arrays.copyOfRange(whole, 0, 30)));
        assertEquals(false, ack.finalFlag());
        assertEquals(false, ack.cont());
        assertEquals(0, ack.data().length);
        assertTrue(ack.ttt() != NONE);

        TextStep.Answer a = answer(send(exchange, true, false, ITT, ack.ttt(), Arrays.copyOfRange(whole, 30, whole.length)));
        assertEquals(true, a.finalFlag());
        assertEquals(NONE, a.ttt());
        assertEquals(List.of("X-com.example.first=NotUnderstood", "TargetName=iqn.2024-01.io.pagewire:tape",
                "TargetAddress=192.0.2.10:3260,1"), pairs(a.data()));
    }

    @Test
    void requestWithoutFinalBitGetsANonFinalAnswerAndMayEndEmpty() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        TextStep.Answer a = answer(send(exchange, false, false, ITT, NONE, text("SendTargets=iqn.2024-01.io.pagewire:tape")));
        assertEquals(false, a.finalFlag());
        assertEquals(false, a.cont());
        assertTrue(a.ttt() != NONE);
        assertEquals(2, pairs(a.data()).size());

        TextStep.Answer end = answer(send(exchange, true, false, ITT, a.ttt(), new byte[0]));
        assertEquals(true, end.finalFlag());
        assertEquals(NONE, end.ttt());
        assertEquals(0, end.data().length);
    }

    @Test
    void duplicateKeyIsAProtocolError() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        assertEquals(new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR),
                send(exchange, true, false, ITT, NONE, text("SendTargets=All", "SendTargets=All")));
    }

    @Test
    void malformedTextIsAProtocolError() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        assertEquals(new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR),
                send(exchange, true, false, ITT, NONE, "SendTargets".getBytes()));
    }

    @Test
    void continueAndFinalTogetherIsAProtocolError() {
        TextExchange exchange = new TextExchange(DIRECTORY, discovery(8192));
        assertEquals(new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR),
                send(exchange, true, true, ITT, NONE, text("SendTargets=All")));
    }

    @Test
    void dataInAFetchIsAProtocolError() {
        TextExchange exchange = new TextExchange(TWENTY, discovery(512));
        TextStep.Answer a = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All")));
        assertEquals(new TextStep.RejectPdu(RejectReason.PROTOCOL_ERROR),
                send(exchange, true, false, ITT, a.ttt(), text("X-a=1")));
    }

    @Test
    void transferTagsDifferBetweenExchanges() {
        TextExchange exchange = new TextExchange(TWENTY, discovery(512));
        int first = answer(send(exchange, true, false, ITT, NONE, text("SendTargets=All"))).ttt();
        int second = answer(send(exchange, true, false, ITT + 1, NONE, text("SendTargets=All"))).ttt();
        assertTrue(first != NONE && second != NONE && first != second);
    }
}
