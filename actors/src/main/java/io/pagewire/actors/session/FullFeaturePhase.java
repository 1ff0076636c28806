package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.pagewire.actors.netty.ConnectionHandler;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.pool.PageReturn;
import io.pagewire.actors.lu.ControlReply;
import io.pagewire.actors.lu.ControlView;
import io.pagewire.actors.lu.LogicalUnitControl;
import io.pagewire.actors.lu.Nexus;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.codec.DecodeFailure;
import io.pagewire.protocol.codec.RejectReason;
import io.pagewire.protocol.pdu.AsyncMessage;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.LogoutResponse;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.TaskManagementRequest;
import io.pagewire.protocol.pdu.TaskManagementResponse;
import io.pagewire.protocol.pdu.TextRequest;
import io.pagewire.protocol.scsi.LunAddress;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.ControlRequest;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.pipeline.IoResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A logged-in session: orders commands by CmdSN, runs them as tasks, and answers every other PDU
 * kind of full-feature phase (RFC 7143 §4, §11). All state is the actor's; the connection's event
 * loop only delivers PDUs. Every page this session holds is held by one of its tasks or by one
 * {@link InFlightIo}; at stop both give theirs back.
 */
final class FullFeaturePhase extends AbstractBehavior<SessionActor.Command> implements TaskHost {
    /** AsyncEvent "target requests Logout" (RFC 7143 §11.9.1). */
    private static final int ASYNC_EVENT_REQUEST_LOGOUT = 1;
    /** How long a reset waits for another session's report (its device I/O may hang). */
    static final Duration PEER_REPORT_TIMEOUT = Duration.ofSeconds(30);

    /** How long a control command may wait for its LU's control actor before it fails. */
    private static final java.time.Duration CONTROL_TIMEOUT = java.time.Duration.ofSeconds(10);
    /**
     * A SANITIZE without IMMED is answered when the whole medium is sanitized: hours for a large LU at
     * a low sanitize-rate. Past this the command fails (the sanitize itself goes on).
     */
    private static final java.time.Duration SANITIZE_TIMEOUT = java.time.Duration.ofDays(30);
    /** How long a Logout waits for the LUs' control actors to drop its nexus before it is answered anyway. */
    private static final java.time.Duration LEAVE_TIMEOUT = java.time.Duration.ofSeconds(2);

    private final ActorContext<SessionActor.Command> context;
    private final Channel channel;
    private final ConnectionHandler connection;
    private final SessionEnvironment env;
    private final SessionParameters parameters;
    private final TargetRuntime target;
    private final CmdSnWindow window;
    private final Wire wire;
    private final TextResponder text;
    private final PageLedger pages;
    private final CommandStarter starter;
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final Map<Integer, Task> byTtt = new HashMap<>();
    private final TreeMap<Integer, Pdu> ahead = new TreeMap<>(Integer::compareUnsigned);
    private int nextTtt;
    private final Keepalive keepalive;
    private boolean closing;
    private boolean draining;
    private final HeldResponses heldResponses = new HeldResponses();
    /** Resets waiting for other sessions, by fence id. */
    private final Map<Long, PendingTmf> fences = new HashMap<>();
    /** Fences whose session list was asked for, in order: the registry answers in order. */
    private final ArrayDeque<Long> awaitingSessionList = new ArrayDeque<>();
    private long nextFence;
    private final ActorRef<SessionRegistry.Sessions> sessionLists;
    private final ActorRef<SessionActor.ResetReport> peerReports;
    private boolean quiescing;
    private boolean awaitingLogout;
    private final TimerScheduler<SessionActor.Command> timers;
    /** This nexus's view of each LU's control state; PDUs wait in {@link #early} until every first view is in. */
    private final ControlGate gate;
    private final List<SessionActor.PduReceived> early = new java.util.ArrayList<>();
    /** A Logout whose response waits until every LU's control actor has dropped this nexus, or null. */
    private LogoutRequest leavingLogout;
    private int leavesAwaited;
    private final ActorRef<org.apache.pekko.Done> leaveAcks;
    /** The LUN field of the command being started, for the sense format of an answer given at once. */
    private long startingLun = NO_LUN;
    private static final long NO_LUN = -1;

    static Behavior<SessionActor.Command> create(ActorContext<SessionActor.Command> context, Channel channel,
                                                 ConnectionHandler connection, SessionEnvironment env,
                                                 SessionParameters parameters, TargetRuntime target,
                                                 TextResponder text, int expCmdSn, int statSn) {
        return Behaviors.withTimers(timers -> new FullFeaturePhase(context, timers, channel, connection, env,
                parameters, target, text, expCmdSn, statSn));
    }

    private FullFeaturePhase(ActorContext<SessionActor.Command> context, TimerScheduler<SessionActor.Command> timers,
                             Channel channel, ConnectionHandler connection, SessionEnvironment env,
                             SessionParameters parameters, TargetRuntime target, TextResponder text, int expCmdSn,
                             int statSn) {
        super(context);
        this.context = context;
        this.timers = timers;
        this.sessionLists = context.messageAdapter(SessionRegistry.Sessions.class,
                listed -> new SessionActor.PeersListed(listed.sessions()));
        this.leaveAcks = context.messageAdapter(org.apache.pekko.Done.class,
                done -> SessionActor.LeftLogicalUnit.INSTANCE);
        this.peerReports = context.messageAdapter(SessionActor.ResetReport.class,
                report -> new SessionActor.PeerReported(report.fence()));
        this.keepalive = new Keepalive(timers, env.session().nopInInterval(), env.session().dataOutPingInterval(),
                env.session().nopInTimeout());
        this.channel = channel;
        this.connection = connection;
        this.env = env;
        this.parameters = parameters;
        this.target = target;
        this.window = new CmdSnWindow(expCmdSn, env.session().cmdWindow());
        this.wire = new Wire(channel, window, statSn);
        this.text = text;
        this.pages = new PageLedger(env.pool(), env.poolInfo().handed(),
                context.messageAdapter(PagePool.LeaseReply.class, SessionActor.PagesLeased::new), context.getSelf(),
                env.session().pageReserve());
        this.gate = target == null ? null
                : new ControlGate(Nexus.of(parameters.initiatorName(), parameters.isid(), parameters.targetName(),
                env.negotiation().targetPortalGroupTag()), target,
                context.messageAdapter(ControlView.class, SessionActor.ControlViewPushed::new), context.getSelf(),
                context.messageAdapter(LogicalUnitControl.AbortTasks.class, SessionActor.PreemptAbort::new));
        this.starter = target == null ? null
                : new CommandStarter(this, this::allocateTtt, env.commands(), target, this::register, gate,
                this::allocateTtt, this::askControl);
        keepalive.heard();
    }

    @Override
    public Receive<SessionActor.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(SessionActor.PduReceived.class, this::onPdu)
                .onMessage(SessionActor.PagesLeased.class, this::onPagesLeased)
                .onMessage(SessionActor.IoDone.class, this::onIoDone)
                .onMessage(SessionActor.ControlViewPushed.class, this::onControlView)
                .onMessage(SessionActor.ControlAnswered.class, this::onControlAnswered)
                .onMessage(SessionActor.FramingFailed.class, this::onFramingFailed)
                .onMessage(SessionActor.PingDue.class, this::onPingDue)
                .onMessage(SessionActor.PingTimeout.class, this::onPingTimeout)
                .onMessageEquals(SessionActor.ConnectionClosed.INSTANCE, this::onConnectionClosed)
                .onMessageEquals(SessionActor.Reinstated.INSTANCE, this::onReinstated)
                .onMessageEquals(SessionActor.Drain.INSTANCE, this::onDrain)
                .onMessage(SessionActor.RequestLogout.class, this::onRequestLogout)
                .onMessageEquals(SessionActor.LogoutWaitOver.INSTANCE, this::onLogoutWaitOver)
                .onMessageEquals(SessionActor.LeftLogicalUnit.INSTANCE, this::onLeftLogicalUnit)
                .onMessageEquals(SessionActor.LeavingTimedOut.INSTANCE, this::onLeavingTimedOut)
                .onMessage(SessionActor.ResetAbort.class, this::onResetAbort)
                .onMessage(SessionActor.PreemptAbort.class, this::onPreemptAbort)
                .onMessage(SessionActor.PeersListed.class, this::onPeersListed)
                .onMessage(SessionActor.PeerReported.class, this::onPeerReported)
                .onMessage(SessionActor.FenceTimedOut.class, this::onFenceTimedOut)
                .onMessage(SessionActor.GetInfo.class, this::onGetInfo)
                .onMessage(SessionActor.InjectFailure.class, this::onInjectFailure)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    // ---- inbound PDUs -------------------------------------------------------------------------

    private Behavior<SessionActor.Command> onPdu(SessionActor.PduReceived received) {
        if (gate != null && !gate.ready()) {
            early.add(received); // before the first views of the LUs' control state: see onControlView
            return this;
        }
        connection.handled();
        Pdu pdu = received.pdu();
        if (closing) {
            Pdus.release(pdu);
            return this;
        }
        keepalive.heard();
        if (pdu instanceof DataOut dataOut) {
            onDataOut(dataOut);
        } else if (pdu instanceof NopOut nop && nop.itt() == Pdu.RESERVED_TAG) {
            onPingReply(nop);
        } else if (Pdus.isNumbered(pdu)) {
            sequence(pdu);
        } else {
            protocolError(pdu, RejectReason.PROTOCOL_ERROR, "unexpected " + pdu.opcode() + " in full feature phase");
        }
        afterMessage();
        return this;
    }

    /** CmdSN ordering (RFC 7143 §4.2.2.1): immediate PDUs go at once, others in CmdSN order. */
    private void sequence(Pdu pdu) {
        int cmdSn = Pdus.cmdSn(pdu);
        if (Pdus.isImmediate(pdu)) {
            // Immediate commands skip CmdSN ordering, not the bound on tasks: past the window they
            // are refused so that they cannot open tasks (and queue page leases) without limit.
            if (pdu instanceof ScsiCommand && tasks.size() >= env.session().cmdWindow()) {
                protocolError(pdu, RejectReason.IMMEDIATE_COMMAND_REJECT, "immediate command beyond the window");
            } else {
                execute(pdu);
            }
            return;
        }
        switch (window.classify(cmdSn)) {
            case EXPECTED -> {
                window.consume();
                execute(pdu);
                Pdu next;
                while (!ahead.isEmpty() && (next = ahead.remove(window.expCmdSn())) != null) {
                    window.consume();
                    execute(next);
                }
            }
            case AHEAD -> {
                Pdu previous = ahead.put(cmdSn, pdu);
                if (previous != null) {
                    Pdus.release(previous);
                }
            }
            case OUTSIDE -> Pdus.release(pdu); // silently ignored, §4.2.2.1
        }
    }

    private void execute(Pdu pdu) {
        if (draining && pdu instanceof ScsiCommand) {
            ScsiCommand cmd = (ScsiCommand) pdu;
            cmd.release();
            wire.response(cmd.itt(), ScsiStatus.BUSY.value(), Unpooled.EMPTY_BUFFER, Residual.NONE, 0);
        } else if (pdu instanceof ScsiCommand cmd) {
            onScsiCommand(cmd);
        } else if (pdu instanceof NopOut nop) {
            wire.nopIn(nop.lun(), nop.itt(), Pdu.RESERVED_TAG, nop.data());
        } else if (pdu instanceof TextRequest request) {
            text.answer(request, wire);
        } else if (pdu instanceof LogoutRequest logout) {
            onLogout(logout);
        } else if (pdu instanceof TaskManagementRequest tmf) {
            new TaskManagement(this, tasks).execute(tmf, target);
        }
    }

    private void onScsiCommand(ScsiCommand cmd) {
        if (starter == null) {
            protocolError(cmd, RejectReason.PROTOCOL_ERROR, "SCSI command in a discovery session");
            return;
        }
        if (tasks.containsKey(cmd.itt())) {
            byte[] header = Pdus.bhs(cmd);
            cmd.release();
            wire.reject(RejectReason.TASK_IN_PROGRESS.value(), header);
            return;
        }
        startingLun = cmd.lun();
        starter.start(cmd);
        startingLun = NO_LUN;
    }

    private void onDataOut(DataOut pdu) {
        Task task = pdu.ttt() == Pdu.RESERVED_TAG ? tasks.get(pdu.itt()) : byTtt.get(pdu.ttt());
        if (!(task instanceof DataOutTask write) || task.itt() != pdu.itt()) {
            protocolError(pdu, RejectReason.PROTOCOL_ERROR, "Data-Out for no open transfer (ITT "
                    + Integer.toHexString(pdu.itt()) + ", TTT " + Integer.toHexString(pdu.ttt()) + ")");
            return;
        }
        int ttt = pdu.ttt();
        write.onDataOut(pdu);
        if (ttt != Pdu.RESERVED_TAG && !write.ownsTtt(ttt)) {
            byTtt.remove(ttt);
        }
    }

    private void onPingReply(NopOut nop) {
        keepalive.answer(nop.ttt());
        nop.release();
    }

    private void onLogout(LogoutRequest logout) {
        // 0 close session, 1 close connection (our only one); 2 (recovery) needs ERL 2.
        int response = logout.reasonCode() == 2 ? 2 : 0;
        context.getLog().info("{}: logout (reason {})", who(), logout.reasonCode());
        if (response == 0 && gate != null && leavingLogout == null) {
            // The nexus ends with this Logout (SPC-2 §5.5.1: its RESERVE ends with it). The response waits
            // until every LU's control actor has pushed the other nexuses views without it, so a command the
            // initiator sends on another session right after the response cannot meet this nexus's
            // reservation in a stale view (libiscsi's Sanitize.Reservations, then Sanitize.Reset).
            leavesAwaited = gate.leave(leaveAcks);
            if (leavesAwaited > 0) {
                leavingLogout = logout;
                timers.startSingleTimer(SessionActor.LeavingTimedOut.INSTANCE, LEAVE_TIMEOUT);
                return;
            }
        }
        answerLogout(logout, response);
    }

    private Behavior<SessionActor.Command> onLeftLogicalUnit() {
        if (leavingLogout != null && --leavesAwaited == 0) {
            timers.cancel(SessionActor.LeavingTimedOut.INSTANCE);
            answerLeavingLogout();
        }
        return this;
    }

    private Behavior<SessionActor.Command> onLeavingTimedOut() {
        if (leavingLogout != null) {
            context.getLog().warn("{}: not every LU confirmed the logout within {}; answering it", who(),
                    LEAVE_TIMEOUT);
            answerLeavingLogout();
        }
        return this;
    }

    private void answerLeavingLogout() {
        LogoutRequest logout = leavingLogout;
        leavingLogout = null;
        if (!closing) {
            answerLogout(logout, 0);
            afterMessage();
        }
    }

    private void answerLogout(LogoutRequest logout, int response) {
        wire.send((statSn, exp, max) -> new LogoutResponse(response, logout.itt(), statSn, exp, max, 0, 0));
        if (response == 0) {
            abortAll();
            wire.flush();
            closing = true;
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Behavior<SessionActor.Command> onFramingFailed(SessionActor.FramingFailed failed) {
        DecodeFailure failure = failed.failure();
        context.getLog().warn("{}: {} ({})", who(), failure.detail(), failure.reason());
        // A header digest error leaves nothing to answer (not even an ITT to echo): RFC 7143 §7.8 lets
        // the receiver close the connection, the only choice without sync and steering. A data digest
        // error is answered with Reject, reason Data-Digest-Error (§7.8, §11.17.1), and the PDU is
        // discarded; at ErrorRecoveryLevel 0 the task cannot be recovered (no recovery R2T, §7.1.5),
        // so the connection closes after the Reject and the initiator recovers the session.
        if (!failure.headerCorrupt()) {
            wire.reject(failure.reason().value(), failure.header());
        }
        if (failure.fatal()) {
            close();
        }
        afterMessage();
        return this;
    }

    // ---- tasks, pages and I/O --------------------------------------------------------------------

    private void register(Task task) {
        tasks.put(task.itt(), task);
    }

    @Override
    public long lease(Task task, int count) {
        return pages.lease(task, count);
    }

    private Behavior<SessionActor.Command> onPagesLeased(SessionActor.PagesLeased message) {
        PagePool.LeaseReply reply = message.reply();
        if (reply.tag() == PageLedger.RESERVE_TAG) {
            if (reply instanceof PagePool.Leased leased) {
                pages.reserveGranted(leased.pages());
            } else if (reply instanceof PagePool.RecallReserve) {
                pages.reserveRecalled();
            }
            afterMessage();
            return this;
        }
        Task task = pages.leaseAnswered(reply.tag());
        if (reply instanceof PagePool.Leased leased) {
            if (task == null || tasks.get(task.itt()) != task) {
                env.pool().tell(new PagePool.ReleaseAll(leased.pages(), PagePool.ReleaseKind.UNUSED));
            } else {
                task.onLeased(reply.tag(), leased.pages());
            }
        } else if (task != null) {
            context.getLog().error("{}: pool refused a lease: {}", who(), reply);
            task.abort();
            checkCondition(task.itt(), SenseData.of(SenseCode.INTERNAL_TARGET_FAILURE),
                    Residual.NONE);
            finished(task);
        }
        afterMessage();
        return this;
    }

    @Override
    public boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> lent,
                          int length, boolean fua) {
        return pages.submit(task, lu, op, byteOffset, lent, length, List.of(), -1, fua);
    }

    @Override
    public boolean submit(Task task, LogicalUnit lu, IoRequest.Operation op, long byteOffset, List<Page> lent,
                          int length, List<Page> scratch, long mediumLength, boolean fua) {
        return pages.submit(task, lu, op, byteOffset, lent, length, scratch, mediumLength, fua);
    }

    private Behavior<SessionActor.Command> onIoDone(SessionActor.IoDone done) {
        InFlightIo io = pages.ioDone(done.tag());
        if (io == null) {
            return this;
        }
        if (!(io.task instanceof ReadTask) && !(io.task instanceof LbaStatusTask) && !(io.task instanceof CopyTask)) {
            // Written or flushed: the device is done with the pages. A read's pages go on to the wire; a
            // copy's go on to the destination, and the copy task gives them back itself.
            release(io.pages, PagePool.ReleaseKind.HANDLER);
        }
        io.task.onIoDone(done.tag(), done.result());
        heldResponses.ioDone(done.tag());
        afterMessage();
        if (quiescing && !pages.ioInFlight()) {
            context.getLog().info("{}: the device I/O of the closed session has completed", who());
            return Behaviors.stopped();
        }
        return this;
    }

    @Override
    public boolean submit(Task task, LogicalUnit lu, List<Page> lent, int length, RequestMaker request) {
        return pages.submit(task, lu, lent, length, request);
    }

    @Override
    public void release(List<Page> released, PagePool.ReleaseKind kind) {
        pages.release(released, kind);
    }

    @Override
    public PageReturn pageReturn() {
        return pages.pageReturn();
    }

    @Override
    public Wire wire() {
        return wire;
    }

    @Override
    public SessionParameters parameters() {
        return parameters;
    }

    @Override
    public int pageSize() {
        return env.poolInfo().pageSize();
    }

    @Override
    public int maxSegment() {
        return env.session().maxSegment();
    }

    @Override
    public void finished(Task task) {
        tasks.remove(task.itt(), task);
        byTtt.values().removeIf(t -> t == task);
        if (draining && !awaitingLogout && tasks.isEmpty()) {
            close();
        }
    }

    @Override
    public void checkCondition(int itt, SenseData sense, Residual residual) {
        // Control mode page D_SENSE of the command's LU selects descriptor format (SPC-4 §4.5.1).
        long lun = tasks.get(itt) instanceof TaskManagement.LunTask t ? t.lun() : startingLun;
        boolean descriptor = gate != null && lun != NO_LUN && gate.descriptorSense(target.lun(lun));
        byte[] bytes = sense.encode(descriptor);
        ByteBuf segment = Unpooled.buffer(2 + bytes.length).writeShort(bytes.length).writeBytes(bytes);
        wire.response(itt, ScsiStatus.CHECK_CONDITION.value(), segment, residual, 0);
    }

    @Override
    public void busy(int itt) {
        wire.response(itt, ScsiStatus.BUSY.value(), Unpooled.EMPTY_BUFFER, Residual.NONE, 0);
    }

    private int allocateTtt(Task task) {
        int ttt;
        do {
            ttt = nextTtt++;
        } while (ttt == Pdu.RESERVED_TAG || byTtt.containsKey(ttt));
        byTtt.put(ttt, task);
        return ttt;
    }

    /**
     * Sends the response of the TMF {@code itt} once no task in {@code aborted} has I/O in a device
     * handler any more and, for {@code peerLun} other than {@link TaskManagement#NO_PEERS}, every other
     * session of the target has reported the same of its tasks of that LU ({@link TaskManagement#ALL_LUNS}:
     * of all). A session that does not report within {@link #PEER_REPORT_TIMEOUT} is not waited for.
     * The control actor of each unit in {@code reset} owes every nexus {@code attention}; the response
     * also waits for their acknowledgement, which follows their new views to every session, so no
     * command the initiator sends after the response, on any path, misses the unit attention.
     */
    void respondWhenQuiet(int itt, int response, List<Task> aborted, int peerLun, List<LogicalUnit> reset,
                          SenseCode attention) {
        PendingTmf pending = new PendingTmf(itt, response, peerLun);
        boolean peers = peerLun != TaskManagement.NO_PEERS && target != null;
        if (peers || !reset.isEmpty()) {
            pending.fence = nextFence++;
            fences.put(pending.fence, pending);
            timers.startSingleTimer(fenceTimer(pending.fence), new SessionActor.FenceTimedOut(pending.fence),
                    PEER_REPORT_TIMEOUT);
        }
        if (peers) {
            pending.waits++; // the list of sessions
            awaitingSessionList.add(pending.fence);
            env.registry().tell(new SessionRegistry.ListSessions(sessionLists));
        }
        long fence = pending.fence;
        for (LogicalUnit lu : reset) {
            if (lu.control() != null) {
                pending.waits++;
                context.ask(Done.class, lu.control(), CONTROL_TIMEOUT,
                        replyTo -> new LogicalUnitControl.Reset(attention, replyTo),
                        (done, failure) -> new SessionActor.PeerReported(fence));
            }
        }
        Set<Long> io = pages.inFlightOf(aborted);
        if (io.isEmpty()) {
            arrived(pending);
        } else {
            context.getLog().debug("{}: TMF response for ITT {} waits for {} device I/O", who(),
                    Integer.toHexString(itt), io.size());
            heldResponses.hold(io, () -> arrived(pending));
        }
    }

    /** One thing the TMF waited for is done; the response goes out after the last. */
    private void arrived(PendingTmf pending) {
        if (--pending.waits == 0 && !pending.sent) {
            finish(pending);
        }
    }

    private void finish(PendingTmf pending) {
        pending.sent = true;
        if (pending.fence >= 0) {
            fences.remove(pending.fence);
            timers.cancel(fenceTimer(pending.fence));
        }
        sendTmfResponse(pending.itt, pending.response);
    }

    private Behavior<SessionActor.Command> onPeersListed(SessionActor.PeersListed listed) {
        Long fence = awaitingSessionList.poll();
        PendingTmf pending = fence == null ? null : fences.get(fence);
        if (pending != null) {
            for (ActorRef<SessionActor.Command> peer : listed.sessions()) {
                if (!peer.equals(context.getSelf())) {
                    pending.waits++;
                    peer.tell(new SessionActor.ResetAbort(target.iqn(), pending.peerLun, fence, peerReports));
                }
            }
            arrived(pending);
        }
        afterMessage();
        return this;
    }

    private Behavior<SessionActor.Command> onPeerReported(SessionActor.PeerReported reported) {
        PendingTmf pending = fences.get(reported.fence());
        if (pending != null) {
            arrived(pending);
        }
        afterMessage();
        return this;
    }

    private Behavior<SessionActor.Command> onFenceTimedOut(SessionActor.FenceTimedOut timedOut) {
        PendingTmf pending = fences.get(timedOut.fence());
        if (pending != null && !pending.sent) {
            context.getLog().warn("{}: not every session reported its tasks of the reset done within {}; answering",
                    who(), PEER_REPORT_TIMEOUT);
            finish(pending);
        }
        afterMessage();
        return this;
    }

    /** Another session's reset reaches this one: abort the LU's tasks, report when their I/O is back. */
    private Behavior<SessionActor.Command> onResetAbort(SessionActor.ResetAbort reset) {
        SessionActor.ResetReport report = new SessionActor.ResetReport(reset.fence());
        if (target == null || !target.iqn().equals(reset.targetName())) {
            reset.replyTo().tell(report);
            return this;
        }
        abortAndReport(reset.lun(), any -> reset.replyTo().tell(report));
        afterMessage();
        return this;
    }

    /**
     * A PERSISTENT RESERVE OUT with PREEMPT AND ABORT from another nexus preempted this one: the same
     * as another session's reset of that LU, reported to the LU's control actor, which answers the
     * PREEMPT AND ABORT once every preempted session has reported.
     */
    private Behavior<SessionActor.Command> onPreemptAbort(SessionActor.PreemptAbort preempt) {
        LogicalUnitControl.AbortTasks request = preempt.request();
        abortAndReport(request.lun(), any -> request.replyTo().tell(
                new LogicalUnitControl.TasksAborted(request.fence(), request.token(), any)));
        afterMessage();
        return this;
    }

    /**
     * Aborts this session's tasks of LU {@code lun} ({@link TaskManagement#ALL_LUNS}: of every LU) without
     * a response (TAS = 0) and runs {@code report} (with whether there were tasks to abort) once no device
     * I/O of theirs is left — nor of tasks of the same LUs aborted earlier (or by a closed connection),
     * which may still be in the device.
     */
    private void abortAndReport(int lun, java.util.function.Consumer<Boolean> report) {
        Predicate<Task> affected = task -> lun == TaskManagement.ALL_LUNS
                || (task instanceof TaskManagement.LunTask t && LunAddress.decode(t.lun()) == lun);
        List<Task> victims = tasks.values().stream().filter(affected).toList();
        victims.forEach(this::abortTask);
        boolean any = !victims.isEmpty();
        Set<Long> io = pages.inFlightWhere(affected);
        if (io.isEmpty()) {
            report.accept(any);
        } else {
            heldResponses.hold(io, () -> report.accept(any));
        }
    }

    private static Object fenceTimer(long fence) {
        return "reset-fence-" + fence;
    }

    /** A TMF response and what it still waits for. */
    private static final class PendingTmf {
        final int itt;
        final int response;
        final int peerLun;
        long fence = -1;
        int waits = 1; // this session's own device I/O
        boolean sent;

        PendingTmf(int itt, int response, int peerLun) {
            this.itt = itt;
            this.response = response;
            this.peerLun = peerLun;
        }
    }

    private void sendTmfResponse(int itt, int response) {
        wire.send((statSn, exp, max) -> new TaskManagementResponse(response, itt, statSn, exp, max));
    }

    void abortTask(Task task) {
        task.abort();
        tasks.remove(task.itt(), task);
        byTtt.values().removeIf(t -> t == task);
    }

    private void abortAll() {
        for (Task task : List.copyOf(tasks.values())) {
            abortTask(task);
        }
    }

    // ---- logical unit control state -------------------------------------------------------------

    /** A new view of one LU's control state; the first views of all LUs release the PDUs held meanwhile. */
    private Behavior<SessionActor.Command> onControlView(SessionActor.ControlViewPushed pushed) {
        boolean wasReady = gate.ready();
        gate.update(pushed.view());
        if (!wasReady && gate.ready()) {
            List<SessionActor.PduReceived> held = List.copyOf(early);
            early.clear();
            held.forEach(this::onPdu);
        }
        return this;
    }

    private void askControl(LogicalUnit lu, ControlRequest request, ControlTask task, byte[] parameters) {
        // PREEMPT AND ABORT is answered only once the preempted sessions' device I/O has returned; a
        // SANITIZE without IMMED once the whole medium is done.
        boolean waitsForAborts = request instanceof ControlRequest.PersistentReserveOut out
                && out.serviceAction() == ControlRequest.PersistentReserveOut.PREEMPT_AND_ABORT;
        java.time.Duration timeout = request instanceof ControlRequest.Sanitize sanitize && !sanitize.immediate()
                ? SANITIZE_TIMEOUT
                : waitsForAborts ? CONTROL_TIMEOUT.plus(LogicalUnitControl.ABORT_REPORT_TIMEOUT) : CONTROL_TIMEOUT;
        context.ask(ControlReply.class, lu.control(), timeout,
                replyTo -> new LogicalUnitControl.Execute(gate.nexus(), request, parameters, replyTo),
                (reply, failure) -> new SessionActor.ControlAnswered(task, reply, failure));
    }

    private Behavior<SessionActor.Command> onControlAnswered(SessionActor.ControlAnswered answered) {
        ControlTask task = answered.task();
        if (tasks.get(task.itt()) == task) {
            if (answered.reply() != null) {
                task.answer(answered.reply());
            } else {
                context.getLog().error("{}: LU control actor did not answer: {}", who(), answered.failure().toString());
                task.answer(ControlReply.check(SenseData.of(SenseCode.INTERNAL_TARGET_FAILURE)));
            }
        }
        afterMessage();
        return this;
    }

    // ---- keepalive, shutdown, errors -------------------------------------------------------------

    private Behavior<SessionActor.Command> onPingDue(SessionActor.PingDue due) {
        keepalive.ping(wire, this::allocatePingTtt);
        afterMessage();
        return this;
    }

    private int allocatePingTtt() {
        int ttt;
        do {
            ttt = nextTtt++;
        } while (ttt == Pdu.RESERVED_TAG || byTtt.containsKey(ttt));
        return ttt;
    }

    private Behavior<SessionActor.Command> onPingTimeout(SessionActor.PingTimeout timeout) {
        context.getLog().warn("{}: no answer to NOP-In within {}; closing", who(), keepalive.timeout());
        close();
        return this;
    }

    private Behavior<SessionActor.Command> onReinstated() {
        context.getLog().info("{}: reinstated by a new login with the same ISID; closing", who());
        close();
        return quiesce();
    }

    private Behavior<SessionActor.Command> onConnectionClosed() {
        closing = true;
        return quiesce();
    }

    /**
     * The connection is gone: every task ends, but the actor lives on until the device calls of its
     * tasks have returned. The registry keeps this session's identity until then, so a login that
     * reinstates it (RFC 7143 §6.3.5) completes only after the old session's last WRITE reached the
     * device, never before: the new session cannot read stale data or have its writes overwritten.
     */
    private Behavior<SessionActor.Command> quiesce() {
        if (gate != null) {
            gate.leave();
        }
        abortAll();
        if (!pages.ioInFlight()) {
            return Behaviors.stopped();
        }
        quiescing = true;
        return this;
    }

    private Behavior<SessionActor.Command> onDrain() {
        draining = true;
        if (tasks.isEmpty()) {
            close();
        }
        return this;
    }

    /**
     * Shutdown: AsyncEvent 1, "target requests Logout" (RFC 7143 §11.9.1), with Parameter3 the seconds
     * the initiator has to send its Logout; the LUN field is reserved for this event and the Async
     * Message takes a StatSN like any status PDU. New commands get BUSY from here on (the RFC lets the
     * target refuse them); the Logout is answered by {@link #onLogout}, which also closes.
     */
    private Behavior<SessionActor.Command> onRequestLogout(SessionActor.RequestLogout request) {
        if (closing || awaitingLogout) {
            return this;
        }
        draining = true;
        awaitingLogout = true;
        long seconds = Math.max(1, Math.min(0xffff, (request.within().toMillis() + 999) / 1000));
        context.getLog().info("{}: target shutting down; asking the initiator to log out within {} s", who(), seconds);
        wire.send((statSn, exp, max) -> new AsyncMessage(0, statSn, exp, max, ASYNC_EVENT_REQUEST_LOGOUT, 0, 0, 0,
                (int) seconds, Unpooled.EMPTY_BUFFER));
        timers.startSingleTimer(SessionActor.LogoutWaitOver.INSTANCE, request.within());
        afterMessage();
        return this;
    }

    private Behavior<SessionActor.Command> onLogoutWaitOver() {
        if (!closing) {
            context.getLog().info("{}: no Logout after the target's request; closing", who());
            close();
        }
        return this;
    }

    private Behavior<SessionActor.Command> onGetInfo(SessionActor.GetInfo request) {
        request.replyTo().tell(new SessionInfo(parameters.initiatorName(), parameters.targetName(),
                parameters.tsih(), true, tasks.size(), keepalive.sent(), keepalive.answered()));
        return this;
    }

    private Behavior<SessionActor.Command> onInjectFailure(SessionActor.InjectFailure failure) {
        throw new SessionActor.InjectedFailure(failure.reason());
    }

    private void protocolError(Pdu pdu, RejectReason reason, String why) {
        context.getLog().warn("{}: {}", who(), why);
        byte[] header = Pdus.bhs(pdu);
        Pdus.release(pdu);
        wire.reject(reason.value(), header);
    }

    private void close() {
        closing = true;
        wire.flush();
        channel.close();
    }

    private void afterMessage() {
        // While this session waits for pages, MaxCmdSN stays put: new commands wait at the initiator.
        window.hold(pages.waitingForPages());
        window.update(tasks.size());
        keepalive.awaitingData(!byTtt.isEmpty());
        wire.flush();
    }

    private Behavior<SessionActor.Command> onPostStop() {
        abortAll();
        early.forEach(held -> Pdus.release(held.pdu()));
        early.clear();
        for (Pdu pdu : ahead.values()) {
            Pdus.release(pdu);
        }
        ahead.clear();
        pages.orphanAll();
        channel.close();
        context.getLog().info("{}: session closed", who());
        return this;
    }

    private String who() {
        return parameters.initiatorName() + " [" + channel.remoteAddress() + "]";
    }

}
