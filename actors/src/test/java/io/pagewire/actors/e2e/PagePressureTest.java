package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.actors.PagewireServer;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PoolStats;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.ScsiResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpressure and the write path's pages. With the arena exhausted a new command's lease waits:
 * MaxCmdSN stops advancing while ExpCmdSN moves on, the READ sends nothing, and it completes GOOD
 * once pages return — with no failed command and not one page allocated beyond the arena. A
 * WRITE's pages stay outstanding while the device handler holds them and come back (HANDLER)
 * when it is done.
 */
class PagePressureTest {
    private static final int BLOCK = 512;
    private static final int PAGE = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void withThePoolExhaustedNewCommandsWaitAndCompleteWhenPagesReturn(String transport) throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(transport, device);
             RawInitiator client = RawInitiator.connect(target.port())) {
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            assertTrue(client.login("iqn.2026-11.io.pagewire:pressure", TestTarget.IQN).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            int all = client.newItt(); // every page of the arena, held by the device
            client.send(read(client, all, 0, 4 * PAGE / BLOCK));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            int waiting = client.newItt();
            client.send(read(client, waiting, 4096, PAGE / BLOCK));
            probe.awaitAssert(WAIT, () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(0, s.freePages(), s.summary());
                assertEquals(1, s.waitingLeases(), s.summary());
                return null;
            });

            ScsiResponse first = testUnitReady(client);
            ScsiResponse second = testUnitReady(client);
            assertEquals(first.expCmdSn() + 1, second.expCmdSn(), "commands are still taken in");
            assertEquals(first.maxCmdSn(), second.maxCmdSn(), "but MaxCmdSN holds while a lease waits");

            held.release();
            Map<Integer, Integer> status = new HashMap<>();
            Map<Integer, Integer> bytes = new HashMap<>();
            while (status.size() < 2) {
                Pdu pdu = client.readPdu();
                try {
                    DataIn dataIn = (DataIn) pdu;
                    bytes.merge(dataIn.itt(), dataIn.data().readableBytes(), Integer::sum);
                    if (dataIn.statusPresent()) {
                        status.put(dataIn.itt(), dataIn.status());
                    }
                } finally {
                    ReferenceCountUtil.release(pdu);
                }
            }
            assertEquals(Map.of(all, 0, waiting, 0), status, "both READs GOOD");
            assertEquals(Map.of(all, 4 * PAGE, waiting, PAGE), bytes);
            ScsiResponse after = testUnitReady(client);
            assertTrue(after.maxCmdSn() - second.maxCmdSn() > 0, "MaxCmdSN moves again once the lease is granted");

            PoolStats stats = probe.awaitAssert(WAIT, () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(s.totalPages(), s.freePages(), s.summary());
                return s;
            });
            assertEquals(4, stats.totalPages(), "no page allocated beyond the arena");
            assertEquals(1, stats.leasesThatWaited(), stats.summary());
            assertTrue(stats.totalWait().toNanos() > 0);
            assertEquals(0, stats.doubleReleases());
        }
    }

    @ParameterizedTest
    @MethodSource("io.pagewire.actors.e2e.Transports#available")
    void aWritesPagesReturnWhenTheHandlerIsDoneWithThem(String transport) throws Exception {
        ControlledDevice device = new ControlledDevice(PagewireServer.BUILT_IN_DEVICES);
        try (TestTarget target = start(transport, device);
             RawInitiator client = RawInitiator.connect(target.port())) {
            TestProbe<Object> probe = TestProbe.create(target.server().system());
            assertTrue(client.login("iqn.2026-11.io.pagewire:pressure", TestTarget.IQN).succeeded());
            ControlledDevice.Gate held = device.holdNextCall();
            int itt = client.newItt();
            byte[] data = new byte[PAGE];
            java.util.Arrays.fill(data, (byte) 0x3C);
            // ImmediateData=Yes, FirstBurstLength 64 KiB: the whole payload rides in the command
            client.send(new ScsiCommand(false, true, false, true, 1, 0, itt, PAGE, client.consumeCmdSn(),
                    client.expStatSn(), RawInitiator.cdb10(0x2A, 8, PAGE / BLOCK), -1, Unpooled.wrappedBuffer(data)));
            held.entered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            probe.awaitAssert(WAIT, () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(1, s.outstanding(), "the page the handler writes from: " + s.summary());
                assertEquals(1, s.leased(), "with the handler, not the transport");
                return null;
            });
            held.release();
            ScsiResponse response = client.expect(ScsiResponse.class);
            assertEquals(itt, response.itt());
            assertEquals(0, response.status());
            ReferenceCountUtil.release(response);
            PoolStats stats = probe.awaitAssert(WAIT, () -> {
                PoolStats s = target.server().poolStats();
                assertEquals(s.totalPages(), s.freePages(), s.summary());
                return s;
            });
            assertEquals(1L, stats.releases().get(PagePool.ReleaseKind.HANDLER), stats.summary());
            assertEquals(0, stats.doubleReleases());
            assertTrue(java.util.Arrays.equals(data, client.read10(8, PAGE / BLOCK)), "the data reached the device");
        }
    }

    private static TestTarget start(String transport, ControlledDevice device) {
        return TestTarget.start("[ { lun = 0, backend = memory, size = 16MiB } ]",
                Transports.hocon(transport) + "\npool { page-size = 64KiB, pages = 4 }\n"
                        + "session { max-segment = 256KiB }\n" + TestTarget.NO_PAGE_RESERVE, device::open);
    }

    private static ScsiCommand read(RawInitiator client, int itt, int lba, int blocks) {
        return new ScsiCommand(false, true, true, false, 1, 0, itt, blocks * BLOCK, client.consumeCmdSn(),
                client.expStatSn(), RawInitiator.cdb10(0x28, lba, blocks), -1, Unpooled.EMPTY_BUFFER);
    }

    private static ScsiResponse testUnitReady(RawInitiator client) throws Exception {
        int itt = client.newItt();
        client.send(new ScsiCommand(false, true, false, false, 1, 0, itt, 0, client.consumeCmdSn(), client.expStatSn(),
                new byte[16], -1, Unpooled.EMPTY_BUFFER));
        ScsiResponse response = client.expect(ScsiResponse.class);
        try {
            assertEquals(itt, response.itt(), "TEST UNIT READY answers while the READs wait");
            assertEquals(0, response.status());
            return response;
        } finally {
            ReferenceCountUtil.release(response);
        }
    }
}
