package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An initiator that owes solicited Data-Out and goes silent is pinged after
 * {@code data-out-ping-interval}, long before the ordinary idle interval: the WRITE's pages are
 * held for it, and silence then means a stalled initiator or a connection whose end the transport
 * has not reported. Unanswered, the ping closes the connection and the pages come back.
 */
class DataOutPingTest {

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void aSilentInitiatorOwingDataIsPingedSoonAndItsPagesComeBack(String transport) throws Exception {
        try (TestTarget target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                Transports.hocon(transport)
                        + "\nsession { nop-in-interval = 600s, nop-in-timeout = 1s, data-out-ping-interval = 1s }")) {
            try (RawInitiator client = RawInitiator.connect(target.port())) {
                assertTrue(client.login("iqn.2026-11.io.pagewire:silent", TestTarget.IQN).succeeded());
                ScsiCommand write = new ScsiCommand(false, true, false, true, 1, 0, client.newItt(), 64 * 1024,
                        client.consumeCmdSn(), client.expStatSn(), RawInitiator.cdb10(0x2A, 0, 128), -1,
                        Unpooled.wrappedBuffer(new byte[16 * 1024]));
                client.send(write);
                R2t r2t = client.expect(R2t.class);
                assertEquals(16 * 1024, r2t.bufferOffset(), "the rest is solicited");
                long solicited = System.nanoTime();
                NopIn ping = client.expect(NopIn.class);
                ping.release();
                Duration after = Duration.ofNanos(System.nanoTime() - solicited);
                assertEquals(Pdu.RESERVED_TAG, ping.itt(), "a target ping");
                assertTrue(after.compareTo(Duration.ofSeconds(30)) < 0, "pinged " + after + " after the R2T");
                assertTrue(client.expectClosed(Duration.ofSeconds(10)), "no answer: the connection is closed");
            }
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            probe.awaitAssert(Duration.ofSeconds(10), () -> {
                assertEquals(List.of(), target.server().sessions(), "the session ended");
                assertEquals(0, target.server().poolStats().outstanding(), target.server().poolStats().summary());
                return null;
            });
        }
    }
}
