package io.pagewire.actors.target;

import io.pagewire.streams.pipeline.IoPipeline;
import io.pagewire.streams.spi.DeviceHandler;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.Materializer;

/**
 * Owns one logical unit's device handler and the I/O pipeline in front of it. If the pipeline
 * dies, this actor fails and its supervisor (declared in {@link #supervised}) restarts it with
 * backoff, reopening the device; sessions keep using the same {@link LogicalUnit} door meanwhile
 * and get BUSY until it is back. Nothing outside this LU notices.
 */
public final class LogicalUnitActor extends AbstractBehavior<LogicalUnitActor.Command> {

    public sealed interface Command {
    }

    /** Shutdown: drain queued I/O, flush, close the device, then stop. */
    public record Close(ActorRef<Done> replyTo) implements Command {
    }

    private record PipelineEnded(Throwable cause) implements Command {
    }

    private record Closed(ActorRef<Done> replyTo) implements Command {
    }

    /** Opens the device; called at each (re)start. */
    @FunctionalInterface
    public interface DeviceOpener {
        DeviceHandler open() throws Exception;
    }

    private final ActorContext<Command> context;
    private final LogicalUnit lu;
    private final IoPipeline pipeline;
    private boolean closing;

    public static Behavior<Command> supervised(LogicalUnit lu, DeviceOpener opener, int parallelism, int queueCapacity,
                                               Executor blockingIo) {
        Behavior<Command> behavior = Behaviors.setup(ctx -> new LogicalUnitActor(ctx, lu, opener.open(), parallelism,
                queueCapacity, blockingIo));
        return Behaviors.supervise(behavior).onFailure(Exception.class,
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    }

    private LogicalUnitActor(ActorContext<Command> context, LogicalUnit lu, DeviceHandler handler, int parallelism,
                             int queueCapacity, Executor blockingIo) {
        super(context);
        this.context = context;
        this.lu = lu;
        this.pipeline = IoPipeline.start("lun-" + lu.info().lun(), handler, parallelism, queueCapacity,
                Materializer.matFromSystem(context.getSystem()), blockingIo);
        lu.pipeline(pipeline);
        context.pipeToSelf(pipeline.whenTerminated(), (done, failure) -> new PipelineEnded(failure));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Close.class, this::onClose)
                .onMessage(Closed.class, this::onClosed)
                .onMessage(PipelineEnded.class, this::onPipelineEnded)
                .onSignal(PreRestart.class, signal -> release())
                .onSignal(PostStop.class, signal -> release())
                .build();
    }

    private Behavior<Command> onClose(Close close) {
        closing = true;
        lu.pipeline(null);
        context.pipeToSelf(pipeline.shutdown(), (done, failure) -> {
            if (failure != null) {
                context.getLog().error("LUN {}: closing the device failed", lu.info().lun(), failure);
            }
            return new Closed(close.replyTo());
        });
        return this;
    }

    private Behavior<Command> onClosed(Closed closed) {
        closed.replyTo().tell(Done.getInstance());
        return Behaviors.stopped();
    }

    private Behavior<Command> onPipelineEnded(PipelineEnded ended) {
        if (closing) {
            return this;
        }
        throw new IllegalStateException("LUN " + lu.info().lun() + ": I/O pipeline ended unexpectedly", ended.cause());
    }

    private Behavior<Command> release() {
        lu.pipeline(null);
        if (!closing) {
            pipeline.shutdown();
        }
        return this;
    }
}
