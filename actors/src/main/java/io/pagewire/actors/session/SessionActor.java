package io.pagewire.actors.session;

import io.netty.channel.Channel;
import io.pagewire.actors.netty.ConnectionHandler;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.protocol.codec.DecodeFailure;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.streams.pipeline.IoResult;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One iSCSI connection and its session (MaxConnections=1): it starts in the login phase and,
 * once login completes, becomes the full-feature phase. The actor owns everything about the
 * connection: the CmdSN window, the task table, the pages leased for its commands.
 */
public final class SessionActor {
    private SessionActor() {
    }

    public sealed interface Command {
    }

    /** Event loop → actor: one decoded PDU; the actor owns its reference from here on. */
    public record PduReceived(Pdu pdu) implements Command {
    }

    /** Event loop → actor: the decoder hit a framing error. */
    public record FramingFailed(DecodeFailure failure) implements Command {
    }

    public enum ConnectionClosed implements Command {
        INSTANCE
    }

    /** From the registry: a new login with the same ISID reinstated this session (RFC 7143 §6.3.5). */
    public enum Reinstated implements Command {
        INSTANCE
    }

    /** From the guardian at shutdown: finish what is running, then close. */
    public enum Drain implements Command {
        INSTANCE
    }

    /**
     * From the guardian at shutdown, instead of {@link Drain}: a session in full feature phase asks its
     * initiator to log out (Async Message, AsyncEvent 1, RFC 7143 §11.9.1) with {@code within} as the
     * time to do so, answers the Logout, and closes the connection itself when {@code within} has
     * passed without one. New commands get BUSY meanwhile, running ones finish. A session still
     * logging in just closes.
     */
    public record RequestLogout(Duration within) implements Command {
    }

    /** The initiator did not log out in the time an Async Message gave it. */
    enum LogoutWaitOver implements Command {
        INSTANCE
    }

    /** An LU's control actor has taken this session's Logout as the end of its nexus. */
    enum LeftLogicalUnit implements Command {
        INSTANCE
    }

    /** Not every control actor confirmed the Logout in time: the Logout Response goes anyway. */
    enum LeavingTimedOut implements Command {
        INSTANCE
    }

    /**
     * From another session of the target: a LOGICAL UNIT RESET or CLEAR TASK SET for LU {@code lun},
     * or a target reset ({@code lun} = -1), arrived there. Those act on the tasks of every I_T nexus
     * (SAM-5 §7.6, §7.7; the task set is shared): this session aborts its tasks of that LU (without a
     * response: TAS is 0) and answers {@link ResetReport} once their device I/O has returned.
     */
    public record ResetAbort(String targetName, int lun, long fence, ActorRef<ResetReport> replyTo)
            implements Command {
    }

    /** The answer to {@link ResetAbort}: this session has no device I/O of the reset's tasks left. */
    public record ResetReport(long fence) {
    }

    /**
     * From an LU's control actor: a PERSISTENT RESERVE OUT with PREEMPT AND ABORT preempted this
     * session's I_T nexus. As with {@link ResetAbort}, the session aborts its tasks of that LU without
     * a response and reports once their device I/O has returned (SPC-4 §5.12.11.2.6).
     */
    record PreemptAbort(io.pagewire.actors.lu.LogicalUnitControl.AbortTasks request) implements Command {
    }

    record PeerReported(long fence) implements Command {
    }

    record PeersListed(List<ActorRef<Command>> sessions) implements Command {
    }

    record FenceTimedOut(long fence) implements Command {
    }

    /** Asks what the session is: who logged in, its TSIH, its open tasks and keepalive counters. */
    public record GetInfo(ActorRef<SessionInfo> replyTo) implements Command {
    }

    /**
     * Test hook: the session throws {@link InjectedFailure} when it handles this, so tests can show
     * that a failing session stops alone. Nothing in Pagewire sends it.
     */
    public record InjectFailure(String reason) implements Command {
    }

    /** What {@link InjectFailure} throws. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String reason) {
            super(reason);
        }
    }

    /**
     * A pool reply, or pages of the session's own reserve it handed to a task. Wrapped, so that a
     * reply left in a stopped session's mailbox reaches the pool's dead-letter reclaim unwrapped.
     */
    record PagesLeased(PagePool.LeaseReply reply) implements Command, org.apache.pekko.actor.WrappedMessage {
        @Override
        public Object message() {
            return reply;
        }
    }

    record IoDone(long tag, IoResult result) implements Command {
    }

    /** From an LU's control actor: the state this session's nexus sees now. */
    record ControlViewPushed(io.pagewire.actors.lu.ControlView view) implements Command {
    }

    /** The LU control actor answered a control command (or, with {@code failure}, did not in time). */
    record ControlAnswered(ControlTask task, io.pagewire.actors.lu.ControlReply reply, Throwable failure)
            implements Command {
    }

    enum PingDue implements Command {
        INSTANCE
    }

    enum PingTimeout implements Command {
        INSTANCE
    }

    /** The login did not complete within the configured login timeout. */
    enum LoginTimedOut implements Command {
        INSTANCE
    }

    record LoginRegistered(SessionRegistry.Registration registration) implements Command {
    }

    public static Behavior<Command> create(Channel channel, SessionEnvironment env) {
        return Behaviors.setup(context -> {
            ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
            handler.attach(ConnectionHandler.toActor(context.getSelf(), PduReceived::new, FramingFailed::new,
                    ConnectionClosed.INSTANCE));
            return LoginPhase.create(context, channel, handler, env);
        });
    }
}
