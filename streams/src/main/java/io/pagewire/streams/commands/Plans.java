package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;

/** The outcomes handlers share, so every handler fails the same way for the same reason. */
final class Plans {

    static final CommandPlan LBA_OUT_OF_RANGE = check(SenseCode.LBA_OUT_OF_RANGE);
    static final CommandPlan INVALID_COMMAND_OPERATION_CODE = check(SenseCode.INVALID_COMMAND_OPERATION_CODE);

    private Plans() {
    }

    static CommandPlan.CheckCondition check(SenseCode code) {
        return new CommandPlan.CheckCondition(SenseData.of(code));
    }

    /** INVALID FIELD IN CDB pointing at {@code bit} of CDB byte {@code byteOffset} (-1: the whole byte/field). */
    static CommandPlan.CheckCondition invalidFieldInCdb(int byteOffset, int bit) {
        return new CommandPlan.CheckCondition(SenseData.invalidFieldInCdb(byteOffset, bit));
    }

    /**
     * GOOD with {@code data} cut to the CDB's ALLOCATION LENGTH (SPC-4 §4.2.5.6: truncation is not an
     * error). The session cuts further to the Expected Data Transfer Length.
     */
    static CommandPlan respond(byte[] data, long allocationLength) {
        if (allocationLength >= data.length) {
            return new CommandPlan.Respond(data);
        }
        return new CommandPlan.Respond(Arrays.copyOf(data, (int) allocationLength));
    }

    /**
     * Whether {@code blocks} blocks from {@code lba} (unsigned) reach past the last LBA. The LBA itself
     * must exist even when no block is transferred, so a zero-length command at LBA = capacity is out
     * of range too (SBC-3 §4.5; libiscsi's ZeroBlocks tests).
     */
    static boolean exceedsCapacity(Geometry geometry, long lba, long blocks) {
        long count = geometry.blockCount();
        return Long.compareUnsigned(lba, count) >= 0 || blocks > count - lba;
    }
}
