package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectGood;

import io.pagewire.protocol.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** libiscsi TestUnitReady.Simple. */
class TestUnitReadyTest {

    @Test
    void simple() {
        expectGood(dispatch(Cdbs.request(ScsiOpcode.TEST_UNIT_READY.code())));
    }

    @Test
    void readyOnEveryGeometry() {
        expectGood(dispatch(Units.of(new io.pagewire.streams.spi.Geometry(4096, 1), false),
                Cdbs.request(ScsiOpcode.TEST_UNIT_READY.code())));
    }
}
