package io.pagewire.actors.target;

import io.pagewire.streams.commands.LogicalUnitInfo;
import io.pagewire.streams.pipeline.IoPipeline;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.actors.lu.LogicalUnitControl;
import io.pagewire.actors.lu.SanitizeMedium;
import io.pagewire.streams.spi.Geometry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A logical unit as sessions see it: what it reports (immutable) and the door to its I/O pipeline.
 * The pipeline behind the door is replaced when the LU's actor restarts a failed device handler;
 * sessions never hold the pipeline itself.
 */
public final class LogicalUnit implements SanitizeMedium {
    private final LogicalUnitInfo info;
    private final AtomicReference<IoPipeline> pipeline = new AtomicReference<>();
    private volatile ActorRef<LogicalUnitControl.Command> control;

    public LogicalUnit(LogicalUnitInfo info) {
        this.info = Objects.requireNonNull(info, "info");
    }

    public LogicalUnitInfo info() {
        return info;
    }

    @Override
    public Geometry geometry() {
        return info.geometry();
    }

    /** Any thread. @return false when the LU is not accepting I/O right now (queue full or restarting). */
    @Override
    public boolean submit(IoRequest request) {
        IoPipeline current = pipeline.get();
        return current != null && current.offer(request);
    }

    /** LU actor only: installs (or, with null, removes) the pipeline of the current device handler. */
    void pipeline(IoPipeline next) {
        pipeline.set(next);
    }

    /**
     * The actor that holds this LU's control state (reservations, unit attentions), or null before
     * the guardian has started it (and in tests that run without one).
     */
    public ActorRef<LogicalUnitControl.Command> control() {
        return control;
    }

    /** Guardian only, once at start. */
    void control(ActorRef<LogicalUnitControl.Command> ref) {
        this.control = ref;
    }
}
