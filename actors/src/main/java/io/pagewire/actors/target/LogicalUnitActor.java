package io.pagewire.actors.target;

import io.pagewire.streams.pipeline.IoHealth;
import io.pagewire.streams.pipeline.IoPipeline;
import io.pagewire.streams.spi.DeviceHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

/**
 * Owns one logical unit's device handler and the I/O pipeline in front of it. If the pipeline
 * dies, or its device fails {@value #RESTART_AFTER_FAILURES} requests in a row, this actor fails
 * and its supervisor (declared in {@link #supervised}) restarts it with backoff. A restart first
 * waits until the old pipeline has stopped and closed its device (a file backend holds a lock on
 * its file until then), then reopens the device. Sessions keep using the same
 * {@link LogicalUnit} door meanwhile and get BUSY until it is back. Nothing outside this LU
 * notices.
 *
 * <p>Each incarnation starts in {@link #starting}, which waits for the previous pipeline, and
 * becomes this object once the device is open.
 */
public final class LogicalUnitActor extends AbstractBehavior<LogicalUnitActor.Command> {

    /** Consecutive failed requests after which the device is considered broken and reopened. */
    static final int RESTART_AFTER_FAILURES = 8;
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    public sealed interface Command {
    }

    /** Shutdown: drain queued I/O, flush, close the device, then stop. */
    public record Close(ActorRef<Done> replyTo) implements Command {
    }

    private enum PreviousStopped implements Command {
        INSTANCE
    }

    private record HealthChanged(long incarnation, IoHealth health) implements Command {
    }

    private record PipelineEnded(long incarnation, Throwable cause) implements Command {
    }

    private record Closed(ActorRef<Done> replyTo) implements Command {
    }

    /** Opens the device; called at each (re)start. */
    @FunctionalInterface
    public interface DeviceOpener {
        DeviceHandler open() throws Exception;
    }

    /** Thrown to have the supervisor restart the LU. */
    static final class DeviceFailedException extends RuntimeException {
        DeviceFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What outlives a restart: how many incarnations there were and when the last pipeline stopped. */
    private static final class Lineage {
        long incarnations;
        CompletionStage<Done> lastPipelineStopped = CompletableFuture.completedFuture(Done.getInstance());
    }

    private record Spec(LogicalUnit lu, DeviceOpener opener, int parallelism, int queueCapacity, boolean inlineReads,
                        Executor blockingIo) {
    }

    private final ActorContext<Command> context;
    private final Spec spec;
    private final long incarnation;
    private final IoPipeline pipeline;
    private boolean closing;

    public static Behavior<Command> supervised(LogicalUnit lu, DeviceOpener opener, int parallelism, int queueCapacity,
                                               boolean inlineReads, Executor blockingIo) {
        Spec spec = new Spec(lu, opener, parallelism, queueCapacity, inlineReads, blockingIo);
        return Behaviors.setup(outer -> {
            Lineage lineage = new Lineage();
            Behavior<Command> incarnation = Behaviors.setup(ctx -> starting(ctx, spec, lineage));
            return Behaviors.supervise(incarnation)
                    .onFailure(Exception.class, SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
        });
    }

    /** Waits until the previous incarnation's pipeline has stopped, then opens the device. */
    private static Behavior<Command> starting(ActorContext<Command> context, Spec spec, Lineage lineage) {
        context.setLoggerName(LogicalUnitActor.class);
        spec.lu().pipeline(null);
        context.pipeToSelf(lineage.lastPipelineStopped, (done, failure) -> PreviousStopped.INSTANCE);
        return Behaviors.receive(Command.class)
                .onMessageEquals(PreviousStopped.INSTANCE, () -> open(context, spec, lineage))
                .onMessage(Close.class, close -> closeBeforeOpen(context, lineage, close))
                .onMessage(HealthChanged.class, stale -> Behaviors.same())
                .onMessage(PipelineEnded.class, stale -> Behaviors.same())
                .build();
    }

    private static Behavior<Command> open(ActorContext<Command> context, Spec spec, Lineage lineage) throws Exception {
        DeviceHandler handler = spec.opener().open(); // throws: the supervisor tries again after a backoff
        long incarnation = ++lineage.incarnations;
        if (incarnation > 1) {
            context.getLog().info("LUN {}: device reopened", spec.lu().info().lun());
        }
        return new LogicalUnitActor(context, spec, lineage, incarnation, handler);
    }

    private static Behavior<Command> closeBeforeOpen(ActorContext<Command> context, Lineage lineage, Close close) {
        context.pipeToSelf(lineage.lastPipelineStopped, (done, failure) -> new Closed(close.replyTo()));
        return Behaviors.receive(Command.class)
                .onMessage(Closed.class, LogicalUnitActor::replyAndStop)
                .build();
    }

    private static Behavior<Command> replyAndStop(Closed closed) {
        closed.replyTo().tell(Done.getInstance());
        return Behaviors.stopped();
    }

    private LogicalUnitActor(ActorContext<Command> context, Spec spec, Lineage lineage, long incarnation,
                             DeviceHandler handler) {
        super(context);
        this.context = context;
        this.spec = spec;
        this.incarnation = incarnation;
        ActorRef<Command> self = context.getSelf();
        this.pipeline = IoPipeline.start("lun-" + spec.lu().info().lun(), handler, spec.parallelism(),
                spec.queueCapacity(), spec.blockingIo(),
                health -> self.tell(new HealthChanged(incarnation, health)), spec.inlineReads());
        lineage.lastPipelineStopped = pipeline.whenTerminated();
        spec.lu().pipeline(pipeline);
        context.pipeToSelf(pipeline.whenTerminated(), (done, failure) -> new PipelineEnded(incarnation, failure));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Close.class, this::onClose)
                .onMessage(Closed.class, LogicalUnitActor::replyAndStop)
                .onMessage(HealthChanged.class, this::onHealthChanged)
                .onMessage(PipelineEnded.class, this::onPipelineEnded)
                .onSignal(PreRestart.class, signal -> release())
                .onSignal(PostStop.class, signal -> release())
                .build();
    }

    private Behavior<Command> onClose(Close close) {
        closing = true;
        spec.lu().pipeline(null);
        context.pipeToSelf(pipeline.shutdown(), (done, failure) -> {
            if (failure != null) {
                context.getLog().error("LUN {}: closing the device failed", spec.lu().info().lun(), failure);
            }
            return new Closed(close.replyTo());
        });
        return this;
    }

    private Behavior<Command> onHealthChanged(HealthChanged changed) {
        IoHealth health = changed.health();
        if (changed.incarnation() != incarnation || closing || health.consecutiveFailures() < RESTART_AFTER_FAILURES) {
            return this;
        }
        throw new DeviceFailedException("LUN " + spec.lu().info().lun() + ": " + health.consecutiveFailures()
                + " I/O requests failed in a row; reopening the device", health.lastFailure());
    }

    private Behavior<Command> onPipelineEnded(PipelineEnded ended) {
        if (ended.incarnation() != incarnation || closing) {
            return this;
        }
        throw new DeviceFailedException("LUN " + spec.lu().info().lun() + ": I/O pipeline ended unexpectedly",
                ended.cause());
    }

    /** Takes the pipeline out of service; the next incarnation waits until it has closed the device. */
    private Behavior<Command> release() {
        spec.lu().pipeline(null);
        if (!closing) {
            pipeline.shutdown();
        }
        return this;
    }
}
