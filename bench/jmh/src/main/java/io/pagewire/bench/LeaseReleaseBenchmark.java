package io.pagewire.bench;

import io.pagewire.actors.pool.PagePool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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

/**
 * One page leased from the PagePool actor and given back: the message round trip every READ and
 * WRITE segment pays (the release is a tell, the lease an ask here because the benchmark thread is
 * not an actor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LeaseReleaseBenchmark {
    private ActorSystem<PagePool.Command> system;
    private long tag;

    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create(Behaviors.setup(ctx -> {
            ActorRef<PagePool.Command> pool = ctx.spawn(PagePool.create(128 << 10, 512), "page-pool");
            return Behaviors.receiveMessage(message -> {
                pool.tell(message);
                return Behaviors.same();
            });
        }), "bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @Benchmark
    public int leaseThenRelease() {
        long t = tag++;
        PagePool.LeaseReply reply = AskPattern.<PagePool.Command, PagePool.LeaseReply>ask(system,
                replyTo -> new PagePool.Lease(1, t, replyTo), Duration.ofSeconds(5), system.scheduler())
                .toCompletableFuture().join();
        PagePool.Leased leased = (PagePool.Leased) reply;
        system.tell(new PagePool.ReleaseAll(leased.pages(), PagePool.ReleaseKind.UNUSED));
        return leased.pages().size();
    }
}
