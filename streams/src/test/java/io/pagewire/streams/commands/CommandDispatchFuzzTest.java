package io.pagewire.streams.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.spi.Geometry;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of the command layer: random CDBs of every operation code (supported ones
 * weighted up), of every length around the 16-byte CDB field, with random transfer lengths and R/W
 * bits, dispatched through {@link CommandTable#standard()} against logical units of several shapes.
 * Dispatch never throws; a CHECK CONDITION carries a known sense code whose fixed and descriptor
 * bytes are well formed (key, ASC/ASCQ, lengths, a field pointer inside the CDB); a READ or WRITE
 * plan lies inside the capacity and the transfer limit. Tries come from {@code jqwik.tries.default}
 * ({@code -Pfuzz} raises it).
 */
class CommandDispatchFuzzTest {
    private static final CommandTable TABLE = CommandTable.standard();
    private static final List<Integer> SUPPORTED = java.util.stream.IntStream.range(0, 256)
            .filter(TABLE::supports).boxed().toList();

    @Property
    void anyCdbGetsAWellFormedPlan(@ForAll("cdbs") byte[] cdb, @ForAll("units") LogicalUnitInfo lu,
                                   @ForAll("transferLengths") long edtl, @ForAll boolean read,
                                   @ForAll boolean write) {
        CommandPlan plan;
        try {
            plan = TABLE.dispatch(lu, new CommandRequest(cdb, edtl, read, write));
        } catch (RuntimeException e) {
            throw new AssertionError("dispatch threw for CDB " + HexFormat.of().formatHex(cdb), e);
        }
        assertNotNull(plan);
        if (plan instanceof CommandPlan.CheckCondition check) {
            assertWellFormed(check.sense(), cdb.length);
        } else if (plan instanceof CommandPlan.ReadBlocks r) {
            assertInside(lu, r.lba(), r.blocks());
        } else if (plan instanceof CommandPlan.WriteBlocks w) {
            assertInside(lu, w.lba(), w.blocks());
        } else if (plan instanceof CommandPlan.Respond respond) {
            assertNotNull(respond.dataIn());
            // Parameter data is cut to an allocation length, at most 32 bits.
            assertTrue(respond.dataIn().length <= 1 << 24, () -> respond.dataIn().length + " bytes of data");
        }
    }

    private static void assertInside(LogicalUnitInfo lu, long lba, long blocks) {
        assertTrue(lba >= 0 && blocks >= 0, () -> "lba " + lba + " blocks " + blocks);
        assertTrue(blocks == 0 || lba + blocks <= lu.geometry().blockCount(),
                () -> "lba " + lba + " + " + blocks + " past " + lu.geometry().blockCount());
        assertTrue(lu.maxTransferBlocks() == 0 || blocks <= lu.maxTransferBlocks(),
                () -> blocks + " blocks over the limit " + lu.maxTransferBlocks());
    }

    /** SPC-4 §4.5.3 fixed and §4.5.2 descriptor format, checked byte by byte against the sense code. */
    private static void assertWellFormed(SenseData sense, int cdbLength) {
        SenseCode code = sense.code();
        Optional<SenseCode> known = SenseCode.lookup(code.key(), code.asc(), code.ascq());
        assertEquals(Optional.of(code), known, "a sense code of the table");

        byte[] fixed = sense.encode(false);
        assertEquals(SenseData.FIXED_LENGTH, fixed.length);
        assertEquals(0x70, fixed[0] & 0x7F, "current error, fixed format");
        assertEquals(code.key().value(), fixed[2] & 0x0F);
        assertEquals(10, fixed[7], "ADDITIONAL SENSE LENGTH");
        assertEquals(code.asc(), fixed[12] & 0xFF);
        assertEquals(code.ascq(), fixed[13] & 0xFF);
        sense.fieldPointer().ifPresent(pointer -> {
            assertTrue((fixed[15] & 0x80) != 0, "SKSV with a field pointer");
            if (pointer.inCdb()) {
                assertTrue(pointer.byteOffset() < Math.max(cdbLength, 16),
                        () -> "field pointer " + pointer + " outside a CDB of " + cdbLength);
            }
            assertTrue(pointer.bit() >= -1 && pointer.bit() <= 7, pointer::toString);
        });

        byte[] descriptor = sense.encode(true);
        assertEquals(0x72, descriptor[0] & 0x7F, "current error, descriptor format");
        assertEquals(code.key().value(), descriptor[1] & 0x0F);
        assertEquals(code.asc(), descriptor[2] & 0xFF);
        assertEquals(code.ascq(), descriptor[3] & 0xFF);
        assertEquals(descriptor.length - 8, descriptor[7], "ADDITIONAL SENSE LENGTH");
    }

    // ---- generators ---------------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> cdbs() {
        Arbitrary<Integer> opcode = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(SUPPORTED)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(16)),
                Tuple.of(1, Arbitraries.integers().between(1, 32)));
        // Bytes biased to the values that matter in CDB fields: zero, all ones, single high bits.
        Arbitrary<Byte> fieldByte = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just((byte) 0)),
                Tuple.of(1, Arbitraries.of((byte) 0xFF, (byte) 0x80, (byte) 0x7F, (byte) 0x01)),
                Tuple.of(3, Arbitraries.bytes()));
        return Combinators.combine(opcode, length, fieldByte.array(byte[].class).ofSize(32))
                .as((op, n, bytes) -> {
                    byte[] cdb = Arrays.copyOf(bytes, n);
                    cdb[0] = (byte) (int) op;
                    return cdb;
                });
    }

    @Provide
    Arbitrary<LogicalUnitInfo> units() {
        return Arbitraries.of(
                Units.standard(),
                Units.of(new Geometry(4096, 1), false),
                Units.of(new Geometry(512, 1L << 40), true),
                Units.of(new Geometry(4096, 0xFFFF_FFFFL + 10), 0),
                Units.withMaxTransfer(1));
    }

    @Provide
    Arbitrary<Long> transferLengths() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0L, 512L, 4096L, 0xFFFF_FFFFL)),
                Tuple.of(1, Arbitraries.longs().between(0, 0xFFFF_FFFFL)));
    }
}
