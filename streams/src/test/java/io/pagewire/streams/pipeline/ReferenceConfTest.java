package io.pagewire.streams.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The keys the actor layer reads from this module's reference.conf, with their documented defaults. */
class ReferenceConfTest {

    @Test
    void definesTheIoDefaults() {
        Config io = ConfigFactory.defaultReference().getConfig("pagewire.io");
        assertEquals(8, io.getInt("parallelism"));
        assertEquals(1024, io.getInt("queue-capacity"));
        assertEquals("Dispatcher", io.getString("dispatcher.type"));
        assertEquals(32, io.getInt("dispatcher.thread-pool-executor.fixed-pool-size"));
        assertEquals(IoPipeline.DEFAULT_DISPATCHER, "pagewire.io.dispatcher");
    }
}
