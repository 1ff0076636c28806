package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.Cdb;
import io.pagewire.streams.spi.DeviceHandler;
import io.pagewire.streams.spi.Geometry;
import io.pagewire.streams.spi.ProvisioningState;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * GET LBA STATUS, SBC-3 §5.6 (SERVICE ACTION IN(16), service action 12h): LBA status descriptors
 * from the STARTING LOGICAL BLOCK ADDRESS on. A thin unit asks its device ({@link #encode}, on an
 * I/O thread); on a fully provisioned unit every block is mapped and the answer is computed here.
 */
public final class GetLbaStatus implements ScsiCommandHandler {

    static final int STARTING_LBA = 2;
    static final int ALLOCATION_LENGTH = 10;

    // parameter data, SBC-3 §5.6.2 tables 45/46
    static final int PARAMETER_DATA_LENGTH = 0;
    static final int HEADER_LENGTH = 8;
    static final int DESCRIPTOR_LENGTH = 16;
    static final int DESCRIPTOR_BLOCKS = 8;
    static final int DESCRIPTOR_STATUS = 12;
    static final int MAPPED = 0x0;
    static final int DEALLOCATED = 0x1;
    /** The NUMBER OF LOGICAL BLOCKS field is 32 bits; a longer run is reported in several descriptors. */
    static final long MAX_DESCRIPTOR_BLOCKS = 0xFFFF_FFFFL;
    /** Room for the header and one descriptor: the least a device query fills. */
    public static final int MIN_BUFFER = HEADER_LENGTH + DESCRIPTOR_LENGTH;

    @Override
    public CommandPlan plan(LogicalUnitInfo lu, CommandRequest request) {
        byte[] cdb = request.cdb();
        long lba = Cdb.uint64(cdb, STARTING_LBA);
        long allocationLength = Cdb.uint32(cdb, ALLOCATION_LENGTH);
        if (Long.compareUnsigned(lba, lu.geometry().blockCount()) >= 0) {
            return Plans.LBA_OUT_OF_RANGE;
        }
        if (allocationLength == 0) {
            return CommandPlan.Respond.GOOD;
        }
        if (lu.thinProvisioned()) {
            return new CommandPlan.LbaStatus(lba, allocationLength);
        }
        // Fully provisioned: one descriptor, mapped from the starting LBA to the end (or 2^32 - 1 blocks).
        byte[] data = new byte[MIN_BUFFER];
        ParameterBytes.put32(data, PARAMETER_DATA_LENGTH, MIN_BUFFER - 4);
        ParameterBytes.put64(data, HEADER_LENGTH, lba);
        ParameterBytes.put32(data, HEADER_LENGTH + DESCRIPTOR_BLOCKS,
                Math.min(lu.geometry().blockCount() - lba, MAX_DESCRIPTOR_BLOCKS));
        data[HEADER_LENGTH + DESCRIPTOR_STATUS] = MAPPED;
        return Plans.respond(data, allocationLength);
    }

    /**
     * Fills {@code dst} (from its position, at least {@link #MIN_BUFFER} bytes remaining) with the
     * parameter data for {@code lba}: header and as many descriptors as fit or as the unit has.
     *
     * @return the number of bytes of parameter data written
     */
    public static int encode(DeviceHandler device, long lba, ByteBuffer dst) throws IOException {
        return descriptors(dst, device.geometry(), lba, device::provisioning);
    }

    /** The parameter data length from the first bytes of encoded data: the bytes that follow it plus 4. */
    public static int dataLength(ByteBuffer encoded) {
        return 4 + encoded.getInt(encoded.position() + PARAMETER_DATA_LENGTH);
    }

    private interface StateAt {
        ProvisioningState at(long byteOffset) throws IOException;
    }

    private static int descriptors(ByteBuffer dst, Geometry geometry, long lba, StateAt states) throws IOException {
        if (dst.remaining() < MIN_BUFFER) {
            throw new IllegalArgumentException("need " + MIN_BUFFER + " bytes, got " + dst.remaining());
        }
        int start = dst.position();
        int at = start + HEADER_LENGTH;
        int blockSize = geometry.blockSize();
        long next = lba;
        while (next < geometry.blockCount() && dst.limit() - at >= DESCRIPTOR_LENGTH) {
            ProvisioningState state = states.at(next * blockSize);
            long blocks = Math.min(Math.max(1, state.length() / blockSize), geometry.blockCount() - next);
            blocks = Math.min(blocks, MAX_DESCRIPTOR_BLOCKS);
            dst.putLong(at, next);
            dst.putInt(at + DESCRIPTOR_BLOCKS, (int) blocks);
            dst.put(at + DESCRIPTOR_STATUS, (byte) (state.mapped() ? MAPPED : DEALLOCATED));
            for (int i = DESCRIPTOR_STATUS + 1; i < DESCRIPTOR_LENGTH; i++) {
                dst.put(at + i, (byte) 0);
            }
            at += DESCRIPTOR_LENGTH;
            next += blocks;
        }
        dst.putInt(start + PARAMETER_DATA_LENGTH, at - start - 4);
        dst.putInt(start + 4, 0);
        return at - start;
    }

    @Override
    public CdbUsage cdbUsage() {
        return CdbUsage.of(16).bytes(STARTING_LBA, 8).bytes(ALLOCATION_LENGTH, 4);
    }
}
