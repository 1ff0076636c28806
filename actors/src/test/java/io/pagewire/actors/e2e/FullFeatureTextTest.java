package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.TextRequest;
import io.pagewire.protocol.pdu.TextResponse;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TextCodec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Text Requests in full feature phase of a normal session (RFC 7143 §11.10, §11.11, Appendix C):
 * SendTargets answers with the session's target and its portal; keys that may only be negotiated
 * at login are answered Reject, unknown keys NotUnderstood, and the session goes on.
 */
class FullFeatureTextTest {
    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 1MiB } ]", "");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void sendTargetsAllInANormalSessionReportsTheSessionsTargetAndPortal() throws Exception {
        try (RawInitiator client = login()) {
            assertEquals(List.of(new KeyValue("TargetName", TestTarget.IQN),
                    new KeyValue("TargetAddress", target.portal() + ",1")), text(client, "SendTargets=All"));
            assertEquals(List.of(new KeyValue("TargetName", TestTarget.IQN),
                    new KeyValue("TargetAddress", target.portal() + ",1")), text(client, "SendTargets="));
            assertEquals(List.of(), text(client, "SendTargets=iqn.2026-11.io.pagewire:nonexistent"));
            assertEquals(0, client.testUnitReady().status(), "the session goes on");
        }
    }

    @Test
    void loginOnlyKeysAreRejectedAndUnknownKeysNotUnderstood() throws Exception {
        try (RawInitiator client = login()) {
            assertEquals(List.of(new KeyValue("HeaderDigest", "Reject"), new KeyValue("MaxBurstLength", "Reject"),
                            new KeyValue("MaxRecvDataSegmentLength", "Reject"),
                            new KeyValue("X-io.pagewire.test", "NotUnderstood")),
                    text(client, "HeaderDigest=CRC32C", "MaxBurstLength=65536", "InitiatorAlias=renamed",
                            "MaxRecvDataSegmentLength=65536", "X-io.pagewire.test=1"));
            assertEquals(0, client.testUnitReady().status(), "nothing changed: the session goes on");
        }
    }

    private static RawInitiator login() throws Exception {
        RawInitiator client = RawInitiator.connect(target.port());
        assertTrue(client.login("iqn.2026-11.io.pagewire:text", TestTarget.IQN).succeeded());
        return client;
    }

    /** One Text Request with F=1 and a fresh exchange (TTT reserved); the answer's pairs. */
    private static List<KeyValue> text(RawInitiator client, String... pairs) throws Exception {
        int itt = client.newItt();
        client.send(new TextRequest(false, true, false, 0, itt, Pdu.RESERVED_TAG, client.consumeCmdSn(),
                client.expStatSn(), Unpooled.wrappedBuffer(TextCodec.encode(
                        java.util.Arrays.stream(pairs).map(p -> {
                            int eq = p.indexOf('=');
                            return new KeyValue(p.substring(0, eq), p.substring(eq + 1));
                        }).toList()))));
        TextResponse response = client.expect(TextResponse.class);
        try {
            assertEquals(itt, response.itt());
            assertTrue(response.finalFlag(), "a complete answer");
            assertEquals(Pdu.RESERVED_TAG, response.ttt(), "F=1 ends the exchange: TTT reserved (§11.11.4)");
            assertEquals(client.expStatSn(), response.statSn(), "the Text Response takes the next StatSN");
            client.ping(new byte[0]); // keeps ExpStatSN in step
            return TextCodec.decode(response.data());
        } finally {
            response.release();
        }
    }
}
