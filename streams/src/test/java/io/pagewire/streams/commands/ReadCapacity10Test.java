package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;
import static io.pagewire.streams.commands.Outcomes.expectInvalidFieldInCdb;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.streams.spi.Geometry;
import org.junit.jupiter.api.Test;

/** libiscsi ReadCapacity10.Simple and the FFFFFFFFh rule of SBC-3 §5.20.2. */
class ReadCapacity10Test {

    static CommandRequest readCapacity10(long lba, boolean pmi) {
        byte[] cdb = Cdbs.cdb(ScsiOpcode.READ_CAPACITY_10.code());
        Cdbs.putBe(cdb, 2, 4, lba);
        cdb[8] = (byte) (pmi ? 1 : 0);
        return Cdbs.request(cdb);
    }

    @Test
    void simple() {
        // last LBA 1FFFFFh, 512-byte blocks
        expectData(dispatch(readCapacity10(0, false)), bytes(0x00, 0x1F, 0xFF, 0xFF, 0x00, 0x00, 0x02, 0x00));
    }

    @Test
    void singleBlockUnit() {
        expectData(dispatch(Units.of(new Geometry(4096, 1), false), readCapacity10(0, false)),
                bytes(0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00));
    }

    @Test
    void lastLbaThatFitsIsReported() {
        expectData(dispatch(Units.of(new Geometry(512, 0xFFFF_FFFFL), false), readCapacity10(0, false)),
                bytes(0xFF, 0xFF, 0xFF, 0xFE, 0x00, 0x00, 0x02, 0x00));
    }

    @Test
    void lastLbaThatDoesNotFitIsFFFFFFFF() {
        for (long blocks : new long[] {0x1_0000_0000L, 0x1_0000_0001L, 1L << 40}) {
            expectData(dispatch(Units.of(new Geometry(512, blocks), false), readCapacity10(0, false)),
                    bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x02, 0x00));
        }
    }

    @Test
    void lbaWithoutPmiIsInvalidField() {
        expectInvalidFieldInCdb(dispatch(readCapacity10(1, false)), 2, -1);
        expectInvalidFieldInCdb(dispatch(readCapacity10(0xFFFF_FFFFL, false)), 2, -1);
    }

    @Test
    void lbaWithPmiReportsTheLastLba() {
        expectData(dispatch(readCapacity10(1000, true)), bytes(0x00, 0x1F, 0xFF, 0xFF, 0x00, 0x00, 0x02, 0x00));
    }
}
