package io.pagewire.actors.lu;

import io.pagewire.streams.pipeline.IoResult;
import io.pagewire.streams.pipeline.Sanitization;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.RetryFlow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Runs one sanitize for its logical unit's control actor. The {@link Sanitization}'s steps flow
 * through a Pekko Streams graph, one at a time, each pulled only after the previous one completed:
 *
 * <pre>
 *   unfold(sanitization)            the next step, made by the stream's own stage
 *   → throttle(bytes)               OVERWRITE only: {@code bytesPerSecond} (the LU's sanitize-rate)
 *   → RetryFlow(submit)             a refused submit asked again every retryInterval, maxRetries times
 *   → mapAsync(1, its IoResult)     the step's completion, or the run's failure
 *   → the actor                     progress to the parent after each step
 * </pre>
 *
 * and the run ends with exactly one {@link LogicalUnitControl.SanitizeEnded} (unless it is stopped).
 * Erases (and a rate of 0) are not paced. The stream runs on a materializer that is this actor's child:
 * stopping the run (the control actor stops, or the LU closes) stops the stream with it, its throttle
 * and retry timers too, so a stopped run submits nothing more.
 *
 * <p>Threads: {@link Sanitization} is not thread-safe and is only touched by the stream's source stage
 * (after {@link #create} read its immutable size); the I/O completion callback, on an I/O thread, only
 * completes the step's future (and, chained to it, reads the step's size); the actor counts bytes and
 * reports to the parent.
 */
final class SanitizeRun {

    static final Duration RETRY_INTERVAL = Duration.ofMillis(100);
    /** 30 s of a pipeline refusing requests. */
    static final int MAX_RETRIES = 300;

    sealed interface Command {
    }

    /** From the stream: a step completed without error and covered {@code bytes} of the medium. */
    private record StepDone(long bytes) implements Command {
    }

    /** From the stream: it ended, with {@code failure} null when every step succeeded. */
    private record StreamEnded(Throwable failure) implements Command {
    }

    /** One step handed out by the {@link Sanitization} and the future its completion callback completes. */
    private record Submission(Sanitization.Step step, CompletableFuture<IoResult> outcome) {

        /**
         * The medium bytes the step covered once it succeeded; otherwise its failure. Runs where the
         * outcome completes (an I/O thread): it reads only this immutable record.
         */
        long covered(IoResult result) {
            if (result instanceof IoResult.Success) {
                return step.bytes();
            }
            throw new CompletionException(result instanceof IoResult.Failure failure ? failure.cause()
                    : new IOException("unexpected outcome " + result));
        }
    }

    /** A submission and whether the pipeline took it. */
    private record Attempt(Submission submission, boolean accepted) {
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
        return Behaviors.setup(context -> {
            ActorRef<Command> self = context.getSelf();
            long total = sanitization.totalBytes();
            Source<Long, NotUsed> steps = steps(sanitization, medium, bytesPerSecond, retryInterval, maxRetries);
            // A materializer of this actor's context: its streams stop when the actor stops.
            CompletionStage<Done> end = steps.runWith(Sink.foreach(bytes -> self.tell(new StepDone(bytes))),
                    Materializer.createMaterializer(context));
            context.pipeToSelf(end, (done, failure) -> new StreamEnded(failure));
            return new Reporter(self, parent, total).running(0);
        });
    }

    /** The stream of a sanitize: the medium bytes each completed step covered, failing on the first error. */
    private static Source<Long, NotUsed> steps(Sanitization sanitization, SanitizeMedium medium, long bytesPerSecond,
                                               Duration retryInterval, int maxRetries) {
        Source<Submission, NotUsed> submissions = Source.unfold(sanitization, s -> {
            if (s.finished()) {
                return Optional.empty();
            }
            CompletableFuture<IoResult> outcome = new CompletableFuture<>();
            // The completion callback, on an I/O thread, only completes the future.
            Sanitization.Step step = s.next(outcome::complete);
            return Optional.of(Pair.create(s, new Submission(step, outcome)));
        });
        if (sanitization.writes() && bytesPerSecond > 0) {
            Pace pace = Pace.of(bytesPerSecond);
            submissions = submissions.throttle(pace.tokens(), pace.period(), pace.burst(),
                    submission -> pace.cost(submission.step().bytes()), ThrottleMode.shaping());
        }
        Flow<Submission, Attempt, NotUsed> submit = Flow.<Submission>create()
                .map(submission -> new Attempt(submission, medium.submit(submission.step().request())));
        // The retry timer lives in the stream: a stopped run does not submit again.
        Flow<Submission, Attempt, NotUsed> submitOrRetry = RetryFlow.withBackoff(retryInterval, retryInterval, 0,
                maxRetries, submit, (submission, attempt) -> attempt.accepted() ? Optional.empty()
                        : Optional.of(submission));
        // Every failure fails the future mapAsync waits on, not a later stage: mapAsync pulls the next
        // step as soon as a future completes, so an outcome checked downstream would come too late.
        return submissions
                .via(submitOrRetry)
                .mapAsync(1, attempt -> attempt.accepted()
                        ? attempt.submission().outcome().thenApply(attempt.submission()::covered)
                        : CompletableFuture.failedFuture(new IOException("the I/O pipeline took no request for "
                                + retryInterval.multipliedBy(maxRetries).toMillis() + " ms")));
    }

    /** What the actor needs to report: itself, its parent and the sanitize's size. */
    private record Reporter(ActorRef<Command> self, ActorRef<LogicalUnitControl.Command> parent, long total) {

        /** Waiting for the stream, {@code done} of {@code total} medium bytes sanitized. */
        Behavior<Command> running(long done) {
            return Behaviors.receive(Command.class)
                    .onMessage(StepDone.class, step -> onStepDone(step, done))
                    .onMessage(StreamEnded.class, this::onStreamEnded)
                    .build();
        }

        private Behavior<Command> onStepDone(StepDone step, long before) {
            long done = before + step.bytes();
            parent.tell(new LogicalUnitControl.SanitizeProgress(self, done, total));
            return running(done);
        }

        private Behavior<Command> onStreamEnded(StreamEnded ended) {
            parent.tell(new LogicalUnitControl.SanitizeEnded(self, ioException(ended.failure())));
            return Behaviors.stopped();
        }
    }

    /** The stream's failure as the IOException the control actor reports, or null. */
    private static IOException ioException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause == null || cause instanceof IOException) {
            return (IOException) cause;
        }
        return new IOException("the sanitize stream failed: " + cause, cause);
    }

    /**
     * A rate in bytes per second as the token bucket of Pekko's {@code throttle}: {@code tokens} tokens
     * of {@code unitBytes} bytes each per {@code period}, bursting to one OVERWRITE request. The bucket
     * counts whole nanoseconds between tokens, so a token is made large enough (a power of two) that
     * there are at least ~950 ns between tokens, and every rounding (tokens per period down, period up,
     * a step's cost up) makes the pace slower, never faster, than the rate.
     */
    record Pace(long unitBytes, int tokens, Duration period, int burst) {
        /** At most this many tokens per second: at least 953 ns between tokens. */
        private static final long MAX_TOKENS_PER_SECOND = 1L << 20;
        private static final long NANOS_PER_SECOND = 1_000_000_000L;

        static Pace of(long bytesPerSecond) {
            if (bytesPerSecond <= 0) {
                throw new IllegalArgumentException("bytesPerSecond must be > 0, got " + bytesPerSecond);
            }
            long unit = 1;
            while (bytesPerSecond / unit > MAX_TOKENS_PER_SECOND) {
                unit <<= 1;
            }
            int tokens = (int) (bytesPerSecond / unit);
            long nanosPerToken = (NANOS_PER_SECOND + tokens - 1) / tokens;
            int burst = (int) ((Sanitization.OVERWRITE_CHUNK_BYTES + unit - 1) / unit);
            return new Pace(unit, tokens, Duration.ofNanos(nanosPerToken * tokens), burst);
        }

        /** The tokens a step of {@code bytes} medium bytes costs. */
        int cost(long bytes) {
            return Math.toIntExact((bytes + unitBytes - 1) / unitBytes);
        }
    }
}
