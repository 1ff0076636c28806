package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.pagewire.actors.config.Portal;
import io.pagewire.actors.config.Settings;
import io.pagewire.actors.netty.ConnectionHandler;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.codec.PduFrameDecoder;
import io.pagewire.protocol.codec.PduLimits;
import io.pagewire.protocol.login.LoginStateMachine;
import io.pagewire.protocol.login.LoginStatus;
import io.pagewire.protocol.login.LoginStep;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.text.OperationalParameters;
import io.pagewire.protocol.text.SessionType;
import io.pagewire.protocol.text.TargetDirectory;
import io.pagewire.protocol.text.TargetInfo;
import io.pagewire.protocol.text.TargetPolicy;
import io.pagewire.protocol.text.TargetPortal;
import io.pagewire.protocol.text.TextExchange;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The login phase of one connection (RFC 7143 §6): feeds Login Requests to the protocol's
 * {@link LoginStateMachine}, stamps the answers with sequence numbers and the TSIH, registers the
 * session (reinstating an older one with the same ISID) and then becomes the full-feature phase.
 * Anything but a Login Request here ends the connection, and so does a login that has not
 * completed when the session's login timeout expires (counted from accept).
 */
final class LoginPhase {
    private static final Object REGISTER_TIMER = "register";
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(10);
    private static final Object LOGIN_TIMER = "login-timeout";

    private final ActorContext<SessionActor.Command> context;
    private final TimerScheduler<SessionActor.Command> timers;
    private final Channel channel;
    private final ConnectionHandler connection;
    private final SessionEnvironment env;
    private final LoginStateMachine machine;
    private final TargetDirectory directory;
    private int statSn = ThreadLocalRandom.current().nextInt(1, 1 << 30);
    private int expCmdSn;
    private long isid;
    private int requestedTsih;
    private int itt;
    private LoginStep completed;
    private boolean first = true;

    private LoginPhase(ActorContext<SessionActor.Command> context, TimerScheduler<SessionActor.Command> timers,
                       Channel channel, ConnectionHandler connection, SessionEnvironment env) {
        this.context = context;
        this.timers = timers;
        this.channel = channel;
        this.connection = connection;
        this.env = env;
        this.directory = directory(env, (InetSocketAddress) channel.localAddress());
        this.machine = new LoginStateMachine(policy(env.negotiation()), directory, env.access());
    }

    static Behavior<SessionActor.Command> create(ActorContext<SessionActor.Command> context, Channel channel,
                                                 ConnectionHandler connection, SessionEnvironment env) {
        return Behaviors.withTimers(timers -> {
            timers.startSingleTimer(LOGIN_TIMER, SessionActor.LoginTimedOut.INSTANCE, env.session().loginTimeout());
            return new LoginPhase(context, timers, channel, connection, env).awaitingRequest();
        });
    }

    private Behavior<SessionActor.Command> awaitingRequest() {
        return whileLoggingIn(Behaviors.receive(SessionActor.Command.class)
                .onMessage(SessionActor.PduReceived.class, this::onPdu));
    }

    private Behavior<SessionActor.Command> onLoginTimedOut() {
        return closeBecause("no complete login within " + env.session().loginTimeout());
    }

    private Behavior<SessionActor.Command> onPdu(SessionActor.PduReceived received) {
        connection.handled();
        Pdu pdu = received.pdu();
        if (!(pdu instanceof LoginRequest request)) {
            if (pdu instanceof PayloadPdu payload) {
                payload.release();
            }
            return closeBecause(pdu.opcode() + " before login completed");
        }
        LoginStep step;
        try {
            if (first) {
                // The leading Login Request's CmdSN is the session's first; login does not consume it.
                expCmdSn = request.cmdSn();
                first = false;
            }
            isid = request.isid();
            requestedTsih = request.tsih();
            itt = request.itt();
            step = machine.onRequest(request);
        } finally {
            request.release();
        }
        if (step.complete()) {
            completed = step;
            OperationalParameters p = step.parameters();
            String target = p.sessionType() == SessionType.DISCOVERY ? "" : p.targetName();
            // A plain adapter and a timer rather than context.ask: no future sits between the
            // registry's answer and this actor (on JDK 25 that path lost the answer in tests).
            ActorRef<SessionRegistry.Registration> replyTo =
                    context.messageAdapter(SessionRegistry.Registration.class, SessionActor.LoginRegistered::new);
            env.registry().tell(new SessionRegistry.Register(p.initiatorName(), isid, target, requestedTsih,
                    context.getSelf(), replyTo));
            timers.startSingleTimer(REGISTER_TIMER, new SessionActor.LoginRegistered(null), REGISTER_TIMEOUT);
            return registering();
        }
        send(step, 0);
        if (step.failed()) {
            return closeBecause("login failed: " + step.status());
        }
        return Behaviors.same();
    }

    private Behavior<SessionActor.Command> registering() {
        return whileLoggingIn(Behaviors.receive(SessionActor.Command.class)
                .onMessage(SessionActor.LoginRegistered.class, this::onRegistered)
                .onMessage(SessionActor.PduReceived.class, received -> {
                    connection.handled();
                    if (received.pdu() instanceof PayloadPdu payload) {
                        payload.release();
                    }
                    return closeBecause("PDU before the final Login Response");
                }));
    }

    /** What every stage of login answers the same way. */
    private Behavior<SessionActor.Command> whileLoggingIn(BehaviorBuilder<SessionActor.Command> builder) {
        return builder
                .onMessage(SessionActor.FramingFailed.class, failed -> closeBecause(failed.failure().detail()))
                .onMessageEquals(SessionActor.ConnectionClosed.INSTANCE, Behaviors::stopped)
                .onMessageEquals(SessionActor.Reinstated.INSTANCE, () -> closeBecause("reinstated during login"))
                .onMessageEquals(SessionActor.Drain.INSTANCE, () -> closeBecause("target shutting down"))
                .onMessage(SessionActor.RequestLogout.class, request -> closeBecause("target shutting down"))
                .onMessage(SessionActor.ResetAbort.class, reset -> {
                    reset.replyTo().tell(new SessionActor.ResetReport(reset.fence())); // no tasks yet
                    return Behaviors.same();
                })
                .onMessageEquals(SessionActor.LoginTimedOut.INSTANCE, this::onLoginTimedOut)
                .onMessage(SessionActor.GetInfo.class, this::onGetInfo)
                .onMessage(SessionActor.InjectFailure.class, this::onInjectFailure)
                .build();
    }

    private Behavior<SessionActor.Command> onGetInfo(SessionActor.GetInfo request) {
        request.replyTo().tell(SessionInfo.loggingIn());
        return Behaviors.same();
    }

    private Behavior<SessionActor.Command> onInjectFailure(SessionActor.InjectFailure failure) {
        throw new SessionActor.InjectedFailure(failure.reason());
    }

    private Behavior<SessionActor.Command> onRegistered(SessionActor.LoginRegistered registered) {
        timers.cancel(REGISTER_TIMER);
        SessionRegistry.Registration registration = registered.registration();
        if (registration == null) {
            send(failure(LoginStatus.TARGET_ERROR), 0);
            return closeBecause("session registry did not answer");
        }
        switch (registration.outcome()) {
            case SESSION_DOES_NOT_EXIST -> {
                send(failure(LoginStatus.SESSION_DOES_NOT_EXIST), 0);
                return closeBecause("login names TSIH " + requestedTsih + ", which does not exist");
            }
            case TOO_MANY_CONNECTIONS -> {
                send(failure(LoginStatus.TOO_MANY_CONNECTIONS), 0);
                return closeBecause("a second connection for TSIH " + requestedTsih + " (MaxConnections=1)");
            }
            case OUT_OF_RESOURCES -> {
                // RFC 7143 §11.13.5: 0x0302, the target lacks session resources (0x0206 is about connections).
                send(failure(LoginStatus.OUT_OF_RESOURCES), 0);
                // The registry logs the limit once; a line per refused login would let a client flood the log.
                context.getLog().debug("login from {} ended: session limit reached", channel.remoteAddress());
                channel.close();
                return Behaviors.stopped();
            }
            default -> {
                return enterFullFeaturePhase(registration.tsih(), registration.outcome());
            }
        }
    }

    private Behavior<SessionActor.Command> enterFullFeaturePhase(int tsih, SessionRegistry.Outcome outcome) {
        timers.cancel(LOGIN_TIMER);
        OperationalParameters p = completed.parameters();
        boolean discovery = p.sessionType() == SessionType.DISCOVERY;
        SessionParameters parameters = new SessionParameters(p.initiatorName(), p.targetName(), isid, tsih, discovery,
                p.initiatorMaxRecvDataSegmentLength(), p.maxRecvDataSegmentLength(), p.maxBurstLength(),
                p.firstBurstLength(), p.immediateData(), p.initialR2T(), p.maxOutstandingR2T(), p.headerDigest(),
                p.dataDigest());
        LoginResponse response = response(completed, tsih);
        PduLimits limits = new PduLimits(p.maxRecvDataSegmentLength(), p.headerDigest(), p.dataDigest());
        // On the event loop, in this order: the last Login Response goes out with the login-time
        // codec settings, then the negotiated limits and digests apply to everything after it.
        channel.eventLoop().execute(() -> {
            channel.writeAndFlush(response);
            channel.pipeline().get(PduFrameDecoder.class).limits(limits);
            channel.pipeline().replace(PduEncoder.class, "pdus", PduEncoder.of(p.headerDigest(), p.dataDigest()));
        });
        context.getLog().info("login: {} {} session to {} from {} (TSIH {}{}): {}", p.initiatorName(),
                discovery ? "discovery" : "normal", discovery ? "-" : p.targetName(), channel.remoteAddress(), tsih,
                outcome == SessionRegistry.Outcome.REINSTATED ? ", reinstated" : "", negotiated(p));
        TargetRuntime target = discovery ? null : env.targets().get(p.targetName());
        TextResponder text = new TextResponder(new TextExchange(
                TargetAccess.visibleTo(directory, env.access(), p.initiatorName()), p));
        return FullFeaturePhase.create(context, channel, connection, env, parameters, target, text, expCmdSn,
                statSn);
    }

    /** The answer when the session cannot be created after negotiation succeeded. */
    private LoginStep failure(LoginStatus status) {
        return new LoginStep(false, false, completed.csg(), 0, status, new byte[0], false, true, null);
    }

    private void send(LoginStep step, int tsih) {
        channel.writeAndFlush(response(step, tsih));
    }

    private LoginResponse response(LoginStep step, int tsih) {
        int sn = statSn++;
        return new LoginResponse(step.transit(), step.cont(), step.csg(), step.nsg(), LoginStateMachine.VERSION,
                LoginStateMachine.VERSION, isid, tsih, itt, sn, expCmdSn, expCmdSn + env.session().cmdWindow() - 1,
                step.status().statusClass(), step.status().statusDetail(), Unpooled.wrappedBuffer(step.data()));
    }

    private Behavior<SessionActor.Command> closeBecause(String why) {
        context.getLog().info("login from {} ended: {}", channel.remoteAddress(), why);
        channel.close();
        return Behaviors.stopped();
    }

    private static String negotiated(OperationalParameters p) {
        return "HeaderDigest=" + (p.headerDigest() ? "CRC32C" : "None")
                + " DataDigest=" + (p.dataDigest() ? "CRC32C" : "None")
                + " MaxRecvDataSegmentLength=" + p.maxRecvDataSegmentLength() + "/" + p.initiatorMaxRecvDataSegmentLength()
                + " MaxBurstLength=" + p.maxBurstLength() + " FirstBurstLength=" + p.firstBurstLength()
                + " ImmediateData=" + yesNo(p.immediateData()) + " InitialR2T=" + yesNo(p.initialR2T())
                + " MaxOutstandingR2T=" + p.maxOutstandingR2T() + " ErrorRecoveryLevel=" + p.errorRecoveryLevel();
    }

    private static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    static TargetPolicy policy(Settings.Negotiation n) {
        return new TargetPolicy(n.maxRecvDataSegmentLength(), n.maxBurstLength(), n.firstBurstLength(),
                n.immediateData(), n.initialR2t(), n.maxOutstandingR2t(), 0, 1, n.headerDigests(), n.dataDigests(),
                2, 0, n.targetPortalGroupTag(), true, 65536);
    }

    /** Targets with the portals an initiator can reach them on; port 0 or a wildcard host means "this connection's". */
    static TargetDirectory directory(SessionEnvironment env, InetSocketAddress local) {
        List<TargetPortal> portals = new ArrayList<>();
        for (Portal portal : env.portals()) {
            boolean wildcard = portal.host().equals("0.0.0.0") || portal.host().equals("::") || portal.port() == 0;
            String host = wildcard ? local.getAddress().getHostAddress() : portal.host();
            int port = portal.port() == 0 ? local.getPort() : portal.port();
            portals.add(new TargetPortal(host, port, env.negotiation().targetPortalGroupTag()));
        }
        List<TargetInfo> targets = new ArrayList<>();
        for (TargetRuntime target : env.targets().values()) {
            targets.add(new TargetInfo(target.iqn(), target.alias(), portals));
        }
        return TargetDirectory.of(targets);
    }
}
