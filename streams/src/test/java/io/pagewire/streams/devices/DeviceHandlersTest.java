package io.pagewire.streams.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.spi.DeviceHandler;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceHandlersTest {

    @TempDir
    Path dir;

    @Test
    void opensEachBackendByName() throws IOException {
        try (DeviceHandler file = DeviceHandlers.open("file", dir.resolve("d.img"), 1 << 20, 512);
             DeviceHandler memory = DeviceHandlers.open("memory", null, 1 << 20, 512);
             DeviceHandler nothing = DeviceHandlers.open("null", null, 1 << 20, 4096)) {
            assertInstanceOf(FileDeviceHandler.class, file);
            assertInstanceOf(MemoryDeviceHandler.class, memory);
            assertInstanceOf(NullDeviceHandler.class, nothing);
            assertEquals(256, nothing.geometry().blockCount());
        }
    }

    @Test
    void refusesAnUnknownBackendOrAFileWithoutPath() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DeviceHandlers.open("tape", null, 1 << 20, 512));
        assertTrue(unknown.getMessage().contains("tape"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceHandlers.open("file", null, 1 << 20, 512));
    }
}
