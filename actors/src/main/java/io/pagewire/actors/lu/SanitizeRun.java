package io.pagewire.actors.lu;

import io.pagewire.streams.pipeline.IoResult;
import io.pagewire.streams.pipeline.Sanitization;
import java.io.IOException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one sanitize for its logical unit's control actor: hands the {@link Sanitization}'s requests
 * to the LU's I/O pipeline one at a time, each after the previous one completed, reports progress
 * after each, and ends with {@link LogicalUnitControl.SanitizeEnded}. An OVERWRITE is paced to
 * {@code bytesPerSecond} (the LU's {@code sanitize-rate}) by scheduling the next request, never by
 * blocking a thread; erases go as fast as the device does. A pipeline that does not take a request
 * (queue full, device restarting) is asked again every {@link #RETRY_INTERVAL}, at most
 * {@link #MAX_RETRIES} times in a row before the sanitize fails. Functional style: the state is the
 * step in flight and the bytes done.
 */
final class SanitizeRun {

    static final Duration RETRY_INTERVAL = Duration.ofMillis(100);
    /** 30 s of a pipeline refusing requests. */
    static final int MAX_RETRIES = 300;

    sealed interface Command {
    }

    private enum Next implements Command {
        INSTANCE
    }

    private record StepDone(IoResult result, long bytes) implements Command {
    }

    private SanitizeRun() {
    }

    static Behavior<Command> create(Sanitization sanitization, SanitizeMedium medium, long bytesPerSecond,
                                    ActorRef<LogicalUnitControl.Command> parent) {
        return create(sanitization, medium, bytesPerSecond, parent, RETRY_INTERVAL, MAX_RETRIES);
    }

    /** With another retry budget (tests). */
    static Behavior<Command> create(Sanitization sanitization, SanitizeMedium medium, long bytesPerSecond,
                                    ActorRef<LogicalUnitControl.Command> parent, Duration retryInterval,
                                    int maxRetries) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSelf().tell(Next.INSTANCE);
            return new Pacer(context, timers, sanitization, medium, bytesPerSecond, parent, retryInterval, maxRetries,
                    System.nanoTime()).idle();
        }));
    }

    /** The run's fixed parts; its behaviors carry the changing ones. */
    private record Pacer(ActorContext<Command> context, TimerScheduler<Command> timers, Sanitization sanitization,
                         SanitizeMedium medium, long bytesPerSecond, ActorRef<LogicalUnitControl.Command> parent,
                         Duration retryInterval, int maxRetries, long startNanos) {

        /** Waiting for the time of the next request (or its first retry). */
        Behavior<Command> idle() {
            return idle(0);
        }

        private Behavior<Command> idle(long done) {
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Next.INSTANCE, () -> submit(nextStep(), done, 0))
                    .build();
        }

        private Sanitization.Step nextStep() {
            ActorRef<Command> self = context.getSelf();
            long[] bytes = new long[1];
            Sanitization.Step step = sanitization.next(result -> self.tell(new StepDone(result, bytes[0])));
            bytes[0] = step.bytes();
            return step;
        }

        /** Hands {@code step} to the pipeline, or tries again shortly. */
        private Behavior<Command> submit(Sanitization.Step step, long done, int retries) {
            if (!medium.submit(step.request())) {
                if (retries >= maxRetries) {
                    return end(new IOException("the I/O pipeline took no request for "
                            + retryInterval.multipliedBy(maxRetries).toMillis() + " ms"));
                }
                timers.startSingleTimer(Next.INSTANCE, retryInterval);
                return Behaviors.receive(Command.class)
                        .onMessageEquals(Next.INSTANCE, () -> submit(step, done, retries + 1))
                        .build();
            }
            return Behaviors.receive(Command.class)
                    .onMessage(StepDone.class, stepDone -> completed(stepDone, done))
                    .build();
        }

        private Behavior<Command> completed(StepDone stepDone, long before) {
            if (!(stepDone.result() instanceof IoResult.Success)) {
                IOException cause = stepDone.result() instanceof IoResult.Failure failure ? failure.cause()
                        : new IOException("unexpected outcome " + stepDone.result());
                return end(cause);
            }
            long done = before + stepDone.bytes();
            parent.tell(new LogicalUnitControl.SanitizeProgress(context.getSelf(), done, sanitization.totalBytes()));
            if (sanitization.finished()) {
                return end(null);
            }
            long delayNanos = sanitization.writes() && bytesPerSecond > 0
                    ? startNanos + (long) (done * 1e9 / bytesPerSecond) - System.nanoTime() : 0;
            if (delayNanos > 0) {
                timers.startSingleTimer(Next.INSTANCE, Duration.ofNanos(delayNanos));
            } else {
                context.getSelf().tell(Next.INSTANCE);
            }
            return idle(done);
        }

        private Behavior<Command> end(IOException failure) {
            parent.tell(new LogicalUnitControl.SanitizeEnded(context.getSelf(), failure));
            return Behaviors.stopped();
        }
    }
}
