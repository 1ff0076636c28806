package io.pagewire.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.codec.PduFrameDecoder;
import io.pagewire.protocol.codec.PduLimits;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The frame codec on its own: one READ(10) command decoded, one 128 KiB Data-In header encoded. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled"})
public class PduCodecBenchmark {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private EmbeddedChannel decoder;
    private ByteBuf command;
    private ByteBuf payload;

    @Setup(Level.Trial)
    public void setUp() {
        decoder = new EmbeddedChannel(new PduFrameDecoder(PduLimits.LOGIN_DEFAULTS));
        byte[] cdb = new byte[16];
        cdb[0] = 0x28;
        cdb[8] = 0x01;
        ScsiCommand read = new ScsiCommand(false, true, true, false, 1, 0, 7, 512, 1, 1, cdb, -1, Unpooled.EMPTY_BUFFER);
        command = Unpooled.unreleasableBuffer(PduEncoder.encode(read, UnpooledByteBufAllocator.DEFAULT, false, false));
        payload = Unpooled.unreleasableBuffer(Unpooled.directBuffer(128 << 10).writeZero(128 << 10));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.finishAndReleaseAll();
    }

    @Benchmark
    public Object decodeScsiCommand() {
        decoder.writeInbound(command.retainedDuplicate());
        Pdu pdu = decoder.readInbound();
        ReferenceCountUtil.release(pdu);
        return pdu;
    }

    @Benchmark
    public int encodeDataInHeader() {
        DataIn dataIn = new DataIn(true, false, false, false, true, 0, 0, 7, Pdu.RESERVED_TAG, 1, 2, 129, 0, 0, 0,
                payload.duplicate());
        ByteBuf header = alloc.directBuffer(48);
        PduEncoder.writeBhs(dataIn, header);
        int written = header.readableBytes();
        header.release();
        return written;
    }
}
