package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command window bounds every task a session can open: numbered commands by MaxCmdSN, and
 * immediate commands — which skip CmdSN ordering — by the same task count, answered with Reject
 * reason 0x06 (immediate command reject, RFC 7143 §11.17.1) past it.
 */
class CommandWindowTest {
    private static final int WINDOW = 2;
    private static TestTarget target;

    @BeforeAll
    static void start() {
        target = TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                "session.cmd-window = " + WINDOW + "\nnegotiation { initial-r2t = yes, immediate-data = no }");
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void anImmediateCommandBeyondTheWindowIsRejectedAndTheSessionGoesOn() throws Exception {
        try (RawInitiator initiator = RawInitiator.connect(target.port())) {
            assertTrue(initiator.login("iqn.2026-11.io.pagewire:window-test", TestTarget.IQN).succeeded());
            // Two WRITEs wait for their data after the R2T: the window is full.
            int[] itts = new int[WINDOW];
            R2t[] r2ts = new R2t[WINDOW];
            for (int i = 0; i < WINDOW; i++) {
                itts[i] = initiator.newItt();
                initiator.send(new ScsiCommand(false, true, false, true, 1, 0, itts[i], 512, initiator.consumeCmdSn(),
                        initiator.expStatSn(), RawInitiator.cdb10(0x2a, i, 1), -1, Unpooled.EMPTY_BUFFER));
                r2ts[i] = initiator.expect(R2t.class);
                assertEquals(itts[i], r2ts[i].itt());
                assertEquals(512, r2ts[i].desiredDataTransferLength());
            }

            ScsiCommand immediate = new ScsiCommand(true, true, false, false, 1, 0, initiator.newItt(), 0,
                    initiator.cmdSn(), initiator.expStatSn(), new byte[16], -1, Unpooled.EMPTY_BUFFER);
            byte[] header = RawInitiator.bhs(immediate);
            initiator.send(immediate);
            Reject reject = initiator.expect(Reject.class);
            try {
                assertEquals(0x06, reject.reason());
                assertArrayEquals(header, ByteBufUtil.getBytes(reject.data()));
            } finally {
                reject.release();
            }

            for (int i = 0; i < WINDOW; i++) {
                byte[] block = new byte[512];
                Arrays.fill(block, (byte) ('a' + i));
                initiator.send(new DataOut(true, 0, itts[i], r2ts[i].ttt(), initiator.expStatSn(), 0, 0,
                        Unpooled.wrappedBuffer(block)));
                assertEquals(0, initiator.collect(itts[i]).status());
            }
            byte[] read = initiator.read10(0, WINDOW);
            assertEquals('a', read[0]);
            assertEquals('b', read[512]);
            assertEquals(0, initiator.testUnitReady().status());
        }
    }
}
