package io.pagewire.streams.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pagewire.streams.spi.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogicalUnitInfoTest {

    static final Geometry G = new Geometry(512, 1000);

    static LogicalUnitInfo with(int lun, String vendor, String product, String revision, String serial, String target,
                                int port, List<Integer> luns, int maxTransfer) {
        return new LogicalUnitInfo(lun, G, vendor, product, revision, serial, 1, target, port, luns, false, maxTransfer);
    }

    @Test
    void elevenComponentConstructorDefaultsToEightMebibytes() {
        LogicalUnitInfo lu = new LogicalUnitInfo(0, G, "V", "P", "R", "S", 1, "iqn.x", 1, List.of(0), false);
        assertEquals(16384, lu.maxTransferBlocks());
        assertEquals(2048, LogicalUnitInfo.defaultMaxTransferBlocks(new Geometry(4096, 1)));
        assertEquals(1, LogicalUnitInfo.defaultMaxTransferBlocks(new Geometry(1 << 24, 1)));
    }

    @Test
    void inquiryFieldSizesAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> with(0, "NINECHARS", "P", "R", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class,
                () -> with(0, "V", "SEVENTEEN CHARS!!", "R", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "12345", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S".repeat(241), "iqn.x", 1,
                List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V\u00e9", "P", "R", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S\n", "iqn.x", 1, List.of(0), 0));
    }

    @Test
    void numbersAreRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> with(-1, "V", "P", "R", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(16384, "V", "P", "R", "S", "iqn.x", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "iqn.x", 0, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "iqn.x", 65536, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "iqn.x", 1, List.of(0, 16384), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "iqn.x", 1, List.of(0), -1));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "", 1, List.of(0), 0));
        assertThrows(IllegalArgumentException.class, () -> with(0, "V", "P", "R", "S", "i".repeat(224), 1, List.of(0), 0));
        assertEquals(16383, with(16383, "", "", "", "", "i".repeat(223), 65535, List.of(16383), 0).lun());
    }
}
