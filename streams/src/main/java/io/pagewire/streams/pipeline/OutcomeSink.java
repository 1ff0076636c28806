package io.pagewire.streams.pipeline;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.GraphStageLogicWithLogging;
import org.apache.pekko.stream.stage.GraphStageWithMaterializedValue;
import scala.Tuple2;

/**
 * The end of an I/O pipeline: always demands, counts outcomes into {@link IoHealth}, tells the
 * health listener when a run of failures starts, grows or ends, and reports when the stream has
 * finished. The counters live in the logic; the outside asks for them through an async callback.
 */
final class OutcomeSink extends GraphStageWithMaterializedValue<SinkShape<Outcome>, OutcomeSink.Probe> {

    private final Inlet<Outcome> in = Inlet.create("IoPipeline.outcomes");
    private final SinkShape<Outcome> shape = SinkShape.of(in);
    private final String pipelineName;
    private final Consumer<IoHealth> healthListener;

    OutcomeSink(String pipelineName, Consumer<IoHealth> healthListener) {
        this.pipelineName = pipelineName;
        this.healthListener = healthListener;
    }

    /** The materialized handle: health snapshots and stream completion. Safe from any thread. */
    static final class Probe {
        private final AsyncCallback<CompletableFuture<IoHealth>> healthRequests;
        private final CompletableFuture<IoHealth> finalHealth;
        private final CompletableFuture<Done> completion;

        private Probe(AsyncCallback<CompletableFuture<IoHealth>> healthRequests,
                      CompletableFuture<IoHealth> finalHealth, CompletableFuture<Done> completion) {
            this.healthRequests = healthRequests;
            this.finalHealth = finalHealth;
            this.completion = completion;
        }

        /** A snapshot taken inside the stage; after the stream stopped, the last one it took. */
        CompletionStage<IoHealth> health() {
            CompletableFuture<IoHealth> reply = new CompletableFuture<>();
            healthRequests.invokeWithFeedbackCompletionStage(reply).whenComplete((done, detached) -> {
                if (detached != null) {
                    finalHealth.whenComplete((health, never) -> reply.complete(health));
                }
            });
            return reply;
        }

        /** Completes when upstream finished (all requests done), fails when the stream failed or was torn down. */
        CompletionStage<Done> completion() {
            return completion;
        }

        /** Whether the sink has seen the end of the stream (normal or not). */
        boolean stopped() {
            return completion.isDone();
        }
    }

    @Override
    public SinkShape<Outcome> shape() {
        return shape;
    }

    @Override
    public Attributes initialAttributes() {
        return Attributes.name("IoPipeline.outcomes");
    }

    @Override
    public Tuple2<GraphStageLogic, Probe> createLogicAndMaterializedValue(Attributes inheritedAttributes) {
        Logic logic = new Logic();
        return new Tuple2<>(logic, new Probe(logic.healthRequests, logic.finalHealth, logic.completion));
    }

    private final class Logic extends GraphStageLogicWithLogging {
        final CompletableFuture<IoHealth> finalHealth = new CompletableFuture<>();
        final CompletableFuture<Done> completion = new CompletableFuture<>();
        final AsyncCallback<CompletableFuture<IoHealth>> healthRequests =
                createAsyncCallback(reply -> reply.complete(snapshot()));

        private long succeeded;
        private long failed;
        private long consecutiveFailures;
        private long callbackFailures;
        private IOException lastFailure;

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    count(grab(in));
                    pull(in);
                }

                @Override
                public void onUpstreamFinish() {
                    completion.complete(Done.getInstance());
                    completeStage();
                }

                @Override
                public void onUpstreamFailure(Throwable cause) {
                    completion.completeExceptionally(cause);
                    failStage(cause);
                }
            });
        }

        @Override
        public void preStart() {
            pull(in);
        }

        @Override
        public void postStop() {
            finalHealth.complete(snapshot());
            // No-op after a normal finish or failure; covers a materializer shut down under us.
            completion.completeExceptionally(
                    new IllegalStateException("I/O pipeline " + pipelineName + " was torn down"));
        }

        private void count(Outcome outcome) {
            IoResult result = outcome.result();
            if (result instanceof IoResult.Failure failure) {
                failed++;
                consecutiveFailures++;
                lastFailure = failure.cause();
                if (consecutiveFailures == 1) {
                    log().warning("I/O pipeline {}: {} failed: {}", pipelineName, result.request(), failure.cause());
                } else {
                    log().debug("I/O pipeline {}: {} failed ({} in a row): {}", pipelineName, result.request(),
                            consecutiveFailures, failure.cause());
                }
                notifyListener();
            } else {
                succeeded++;
                if (consecutiveFailures > 0) {
                    log().info("I/O pipeline {}: request succeeded after {} failures", pipelineName, consecutiveFailures);
                    consecutiveFailures = 0;
                    notifyListener();
                }
            }
            if (outcome.callbackFailure() != null) {
                callbackFailures++;
                log().error(outcome.callbackFailure(), "I/O pipeline {}: completion callback of {} threw",
                        pipelineName, result.request());
            }
        }

        private void notifyListener() {
            try {
                healthListener.accept(snapshot());
            } catch (RuntimeException e) {
                log().error(e, "I/O pipeline {}: health listener threw", pipelineName);
            }
        }

        private IoHealth snapshot() {
            return new IoHealth(succeeded, failed, consecutiveFailures, callbackFailures, lastFailure);
        }
    }
}
