package io.pagewire.bench;

import io.pagewire.streams.commands.CommandPlan;
import io.pagewire.streams.commands.CommandRequest;
import io.pagewire.streams.commands.CommandTable;
import io.pagewire.streams.commands.LogicalUnitInfo;
import io.pagewire.streams.spi.Geometry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What a session pays per command before any I/O: the opcode table and the CDB checks of READ(10). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CommandDispatchBenchmark {
    private final CommandTable table = CommandTable.standard();
    private final LogicalUnitInfo lu = new LogicalUnitInfo(0, new Geometry(512, 2_097_152), "PAGEWIRE",
            "Pagewire LU", "0001", "0123456789abcdef", 0x3000_0000_0000_0001L, "iqn.2026-11.io.pagewire:disk0", 1,
            List.of(0), false);
    private final CommandRequest read10 = new CommandRequest(
            new byte[] {0x28, 0, 0, 0, 0x10, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0}, 131072, true, false);

    @Benchmark
    public CommandPlan dispatchRead10() {
        return table.dispatch(lu, read10);
    }
}
