package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectGood;
import static io.pagewire.streams.commands.Outcomes.expectLbaOutOfRange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.devices.MemoryDeviceHandler;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** GET LBA STATUS (SBC-3 §5.6): the CDB, the fully provisioned answer, and the device-side encoding. */
class GetLbaStatusTest {

    static final long N = Units.BLOCKS;

    static CommandRequest getLbaStatus(long lba, long allocationLength) {
        byte[] c = Cdbs.cdb(ScsiOpcode.SERVICE_ACTION_IN_16.code(), 0x12);
        Cdbs.putBe(c, 2, 8, lba);
        Cdbs.putBe(c, 10, 4, allocationLength);
        return Cdbs.request(c);
    }

    /** Header (PARAMETER DATA LENGTH) and one descriptor {lba, blocks, status}. */
    static byte[] oneDescriptor(long lba, long blocks, int status) {
        byte[] b = new byte[24];
        Cdbs.putBe(b, 0, 4, 20);
        Cdbs.putBe(b, 8, 8, lba);
        Cdbs.putBe(b, 16, 4, blocks);
        b[20] = (byte) status;
        return b;
    }

    @Test
    void fullyProvisionedUnitIsMappedToTheEnd() {
        expectData(dispatch(getLbaStatus(0, 24)), oneDescriptor(0, N, 0));
        expectData(dispatch(getLbaStatus(N - 1, 24)), oneDescriptor(N - 1, 1, 0));
        expectData(dispatch(getLbaStatus(N - 256, 4096)), oneDescriptor(N - 256, 256, 0));
    }

    @Test
    void allocationLengthCutsAndZeroIsGood() {
        expectData(dispatch(getLbaStatus(0, 8)), Arrays.copyOf(oneDescriptor(0, N, 0), 8));
        expectGood(dispatch(getLbaStatus(0, 0)));
    }

    @Test
    void beyondTheEndIsLbaOutOfRange() {
        expectLbaOutOfRange(dispatch(getLbaStatus(N, 24)));
        expectLbaOutOfRange(dispatch(getLbaStatus(N + 1, 24)));
        expectLbaOutOfRange(dispatch(getLbaStatus(1L << 63, 24)));
        expectLbaOutOfRange(dispatch(getLbaStatus(-1L, 24)));
        expectLbaOutOfRange(dispatch(Units.thin(), getLbaStatus(N, 24)));
    }

    @Test
    void thinUnitAsksTheDevice() {
        assertEquals(new CommandPlan.LbaStatus(7, 24), dispatch(Units.thin(), getLbaStatus(7, 24)));
        expectGood(dispatch(Units.thin(), getLbaStatus(7, 0)));
    }

    @Test
    void deviceEncodingReportsMappedAndDeallocatedRuns() throws Exception {
        // 4 MiB of 512-byte blocks in 1 MiB chunks: chunk 1 written, the others never
        try (MemoryDeviceHandler device = MemoryDeviceHandler.create(4 << 20, 512, 1 << 20)) {
            device.write(1 << 20, ByteBuffer.wrap(new byte[512]));
            ByteBuffer dst = ByteBuffer.allocate(8 + 3 * 16);
            int n = GetLbaStatus.encode(device, 1, dst);
            assertEquals(56, n);
            assertEquals(56, GetLbaStatus.dataLength(dst));
            byte[] expected = new byte[56];
            Cdbs.putBe(expected, 0, 4, 52);
            descriptor(expected, 8, 1, 2047, 1);
            descriptor(expected, 24, 2048, 2048, 0);
            descriptor(expected, 40, 4096, 4096, 1);
            assertArrayEquals(expected, dst.array());

            // after an unmap of the whole written chunk, everything from 0 is one deallocated run
            device.unmap(1 << 20, 1 << 20);
            ByteBuffer again = ByteBuffer.allocate(24);
            GetLbaStatus.encode(device, 0, again);
            assertArrayEquals(oneDescriptor(0, 8192, 1), again.array());
        }
    }

    private static void descriptor(byte[] b, int at, long lba, long blocks, int status) {
        Cdbs.putBe(b, at, 8, lba);
        Cdbs.putBe(b, at + 8, 4, blocks);
        b[at + 12] = (byte) status;
    }
}
