package io.pagewire.actors.session;

import io.pagewire.actors.lu.AccessRules;
import io.pagewire.actors.lu.ControlView;
import io.pagewire.actors.lu.LogicalUnitControl;
import io.pagewire.actors.lu.Nexus;
import io.pagewire.actors.lu.UnitAttention;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.ModeParameters;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * This session's copy of each logical unit's control state, as the LU control actors push it (see
 * {@link LogicalUnitControl}): decides per command, without asking, whether a unit attention is
 * reported instead or a reservation makes it conflict. Session actor thread only.
 */
final class ControlGate {
    private final Nexus nexus;
    private final TargetRuntime target;
    private final ActorRef<ControlView> subscriber;
    private final Map<Integer, ControlView> views = new HashMap<>();
    private final Map<Integer, Long> reportedUpTo = new HashMap<>();
    private int expected;

    /**
     * Subscribes to the control actor of every LU of {@code target}; {@code aborter} is where a
     * PREEMPT AND ABORT of this nexus asks the session to abort its tasks.
     */
    ControlGate(Nexus nexus, TargetRuntime target, ActorRef<ControlView> subscriber, ActorRef<?> owner,
                ActorRef<LogicalUnitControl.AbortTasks> aborter) {
        this.nexus = nexus;
        this.target = target;
        this.subscriber = subscriber;
        if (target != null) {
            for (LogicalUnit lu : target.luns().values()) {
                if (lu.control() != null) {
                    lu.control().tell(new LogicalUnitControl.Subscribe(nexus, subscriber, owner, aborter));
                    expected++;
                }
            }
        }
    }

    Nexus nexus() {
        return nexus;
    }

    /** The connection is gone: every LU's control actor learns at once that this nexus is lost. */
    void leave() {
        if (target != null) {
            for (LogicalUnit lu : target.luns().values()) {
                if (lu.control() != null) {
                    lu.control().tell(new LogicalUnitControl.Unsubscribe(nexus, subscriber));
                }
            }
        }
    }

    /**
     * The Logout: every LU's control actor learns that this nexus ends and tells {@code done} once the
     * other nexuses' views show it. @return how many will tell
     */
    int leave(ActorRef<Done> done) {
        int asked = 0;
        if (target != null) {
            for (LogicalUnit lu : target.luns().values()) {
                if (lu.control() != null) {
                    lu.control().tell(new LogicalUnitControl.Leave(nexus, subscriber, done));
                    asked++;
                }
            }
        }
        return asked;
    }

    /** Whether every LU's first view has arrived; until then the session holds its PDUs. */
    boolean ready() {
        return views.size() >= expected;
    }

    void update(ControlView view) {
        views.put(view.lun(), view);
    }

    /**
     * The unit attention to report instead of running {@code opcode} on {@code lu}, or null. A
     * reported attention counts as cleared at once (SAM-5 §5.14: reported once); the actor is told.
     */
    SenseData unitAttention(LogicalUnit lu, int opcode) {
        return AccessRules.blockedByUnitAttention(opcode) ? takeUnitAttention(lu) : null;
    }

    /** The oldest unit attention owed on {@code lu}, now counted as reported (REQUEST SENSE reports it), or null. */
    SenseData takeUnitAttention(LogicalUnit lu) {
        ControlView view = views.get(lu.info().lun());
        if (view == null || view.attentions().isEmpty()) {
            return null;
        }
        long reported = reportedUpTo.getOrDefault(lu.info().lun(), 0L);
        UnitAttention ua = view.pendingAfter(reported);
        if (ua == null) {
            return null;
        }
        reportedUpTo.put(lu.info().lun(), ua.id());
        lu.control().tell(new LogicalUnitControl.AttentionsReported(nexus, ua.id()));
        return SenseData.of(ua.code());
    }

    /** Whether a reservation makes {@code opcode} from this nexus conflict on {@code lu}. */
    boolean conflicts(LogicalUnit lu, int opcode) {
        ControlView view = views.get(lu.info().lun());
        return view != null && AccessRules.conflicts(view, opcode);
    }

    /**
     * What {@code lu}'s sanitize state answers instead of running {@code opcode} (SANITIZE IN PROGRESS,
     * SANITIZE COMMAND FAILED), or null: decided from this nexus's view, for every nexus alike.
     */
    SenseData sanitizeRefusal(LogicalUnit lu, int opcode) {
        ControlView view = views.get(lu.info().lun());
        return view == null ? null : view.sanitize().refusal(opcode);
    }

    /** What REQUEST SENSE reports of {@code lu}'s sanitize state (progress, failure), or null. */
    SenseData sanitizeSense(LogicalUnit lu) {
        ControlView view = views.get(lu.info().lun());
        return view == null ? null : view.sanitize().requestSense();
    }

    /** Whether {@code lu}'s (removable) medium is in. */
    boolean mediumPresent(LogicalUnit lu) {
        ControlView view = views.get(lu.info().lun());
        return view == null || view.mediumPresent();
    }

    /** Whether {@code lu} reports sense data in descriptor format (Control mode page D_SENSE). */
    boolean descriptorSense(LogicalUnit lu) {
        ControlView view = lu == null ? null : views.get(lu.info().lun());
        return view != null && view.mode().descriptorSense();
    }

    /** The current mode parameters of {@code lu}. */
    ModeParameters mode(LogicalUnit lu) {
        ControlView view = views.get(lu.info().lun());
        return view == null ? ModeParameters.forUnit(lu.info()) : view.mode();
    }

    /** The saved mode parameters of {@code lu}, or null when it cannot save pages. */
    ModeParameters savedMode(LogicalUnit lu) {
        ControlView view = views.get(lu.info().lun());
        return view == null ? null : view.savedMode();
    }
}
