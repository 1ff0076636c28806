package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.ControlRequest;
import io.pagewire.streams.commands.ModeParameters;
import io.pagewire.streams.commands.ModeSelect;
import io.pagewire.streams.commands.SanitizeParameters;
import io.pagewire.streams.pipeline.Sanitization;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The control state of one logical unit — SPC-2 and persistent reservations, the unit attentions
 * owed to each I_T nexus — in one actor per LU, reached only by messages. Nothing else holds this
 * state, and every message is a plain record (nexus names, keys, byte arrays, actor refs), so the
 * actor can later move behind Cluster Sharding and serve several gateways.
 *
 * <p><b>How the data path asks it as little as possible.</b> Each session subscribes once per LU
 * with its {@link Nexus}; the actor answers with a {@link ControlView} for that nexus and pushes a
 * new one whenever anything in it changes (a reservation, a registration, a unit attention). The
 * session decides every READ and WRITE from its latest view without a round trip: no reservation and
 * no unit attention is the common case and costs one array look-up. Only commands that read or change
 * the control state itself (PERSISTENT RESERVE IN/OUT, RESERVE, RELEASE) are sent here and answered.
 * A view cannot be stale in a way an initiator could observe: the actor pushes the new views before
 * it answers the command that changed them, so a nexus that hears of the change and then sends a
 * command finds the new view ahead of that command in its session's mailbox. A session that reports
 * a unit attention tells the actor which ({@link AttentionsReported}); views carry ids so a view
 * already on its way does not make the session report the same attention twice.
 *
 * <p>The LU's sanitize state (SBC-3 §4.11) lives here too: a SANITIZE starts a {@link SanitizeRun}
 * child that drives the device work through the LU's I/O pipeline, and every view says whether one
 * is in progress (and how far) or the unit is in sanitize failure mode. Task management, resets and
 * nexus loss leave it alone.
 *
 * <p>Nexus loss (the session stops) releases an SPC-2 reservation; persistent reservations stay, and
 * with APTPL they also outlive a restart in {@link ReservationFile}.
 *
 * <p><b>PREEMPT AND ABORT</b> (SPC-4 §5.12.11.2.6) changes the state as PREEMPT does and pushes the
 * views at once; then every session of a preempted I_T nexus (sessions tell the actor at
 * {@link Subscribe} where to send {@link AbortTasks}) aborts its tasks of this LU — as CLEAR TASK SET
 * would for that nexus, without a response since TAS = 0 — and answers {@link TasksAborted} once their
 * device I/O has returned. A nexus that had tasks aborted is owed COMMANDS CLEARED BY ANOTHER INITIATOR
 * (SAM-5 §5.6). Only after the last answer (or a session's end, or {@link #ABORT_REPORT_TIMEOUT}) are the
 * views pushed again and GOOD sent, so no WRITE of a fenced node lands after the fence's GOOD.
 */
public final class LogicalUnitControl extends AbstractBehavior<LogicalUnitControl.Command> {

    /** Unit attentions kept per nexus; beyond this the oldest is dropped (SAM-5 §5.14 allows reporting fewer). */
    static final int MAX_ATTENTIONS = 16;
    /** Sanitize progress is pushed to the views in steps of 1 % (of 65536). */
    static final int PROGRESS_STEP = SenseData.PROGRESS_DENOMINATOR / 100;

    /** How long PREEMPT AND ABORT waits for a preempted session's report (its device I/O may hang). */
    public static final Duration ABORT_REPORT_TIMEOUT = Duration.ofSeconds(30);

    public sealed interface Command {
    }

    /**
     * A session of {@code nexus} wants views of this LU, now and after every change. {@code owner} is
     * the session actor itself (the subscriber may be its message adapter): its end is the nexus loss.
     */
    public record Subscribe(Nexus nexus, ActorRef<ControlView> subscriber, ActorRef<?> owner,
                            ActorRef<AbortTasks> aborter) implements Command {
        /** A subscriber that runs no tasks (nothing to abort for PREEMPT AND ABORT). */
        public Subscribe(Nexus nexus, ActorRef<ControlView> subscriber, ActorRef<?> owner) {
            this(nexus, subscriber, owner, null);
        }
    }

    /**
     * To the session of a preempted I_T nexus (PREEMPT AND ABORT): abort your tasks of LU {@code lun}
     * without a response (TAS = 0) and answer {@link TasksAborted} with {@code fence} and
     * {@code token} once their device I/O, and that of tasks of the LU aborted before, has returned.
     */
    public record AbortTasks(int lun, long fence, long token, ActorRef<TasksAborted> replyTo) {
    }

    /** The answer to {@link AbortTasks}; {@code any}: the session had tasks of the LU to abort. */
    public record TasksAborted(long fence, long token, boolean any) implements Command {
    }

    private record AbortWaitOver(long fence) implements Command {
    }

    /** A control command from {@code nexus} with its whole parameter list (empty for none). */
    public record Execute(Nexus nexus, ControlRequest request, byte[] parameters, ActorRef<ControlReply> replyTo)
            implements Command {
    }

    /** The session of {@code nexus} has reported every unit attention up to id {@code upTo}. */
    public record AttentionsReported(Nexus nexus, long upTo) implements Command {
    }

    /**
     * LOGICAL UNIT RESET or a target reset (SAM-5 §6.3): the SPC-2 reservation is released and every
     * known nexus is owed {@code code}. Persistent reservations stay. {@code replyTo} hears Done after
     * the new views went to every subscriber, so a TMF response sent after it cannot overtake them.
     */
    public record Reset(SenseCode code, ActorRef<Done> replyTo) implements Command {
    }

    /** The session actor that subscribed has stopped: nexus loss, and nothing of it is left in a device. */
    private record SessionStopped(Nexus nexus, ActorRef<ControlView> subscriber, ActorRef<AbortTasks> aborter)
            implements Command {
    }

    /** From the running sanitize: {@code done} of {@code total} medium bytes are sanitized. */
    record SanitizeProgress(ActorRef<SanitizeRun.Command> run, long done, long total) implements Command {
    }

    /** From the running sanitize: it is over, without error when {@code failure} is null. */
    record SanitizeEnded(ActorRef<SanitizeRun.Command> run, IOException failure) implements Command {
    }

    /** The running sanitize stopped without reporting its end (it failed). */
    private record SanitizeStopped(ActorRef<SanitizeRun.Command> run) implements Command {
    }

    /**
     * A session's connection is gone (its actor may live on a little, waiting for device I/O): its
     * nexus is lost now. Sent at once, so that a new login of the same initiator cannot overtake it
     * (the watch that ends the subscription otherwise only fires when the actor has stopped).
     */
    public record Unsubscribe(Nexus nexus, ActorRef<ControlView> subscriber) implements Command {
    }

    /**
     * A Logout (RFC 7143 §11.14, reason "close the session"): as {@link Unsubscribe}, and {@code replyTo}
     * hears once every other nexus's new view is on its way, so the session answers the Logout only
     * after that: whatever the initiator sends next, on any session, meets views without this nexus.
     */
    public record Leave(Nexus nexus, ActorRef<ControlView> subscriber, ActorRef<Done> replyTo) implements Command {
    }

    /**
     * @param lun               the LU's number, named in every view
     * @param powerOnAttention  every nexus new since start is owed POWER ON, RESET, OR BUS DEVICE RESET
     *                          OCCURRED (29h/00h)
     * @param reservationFile   where APTPL state lives (file LUNs: the backing file + ".pr"), or null
     * @param modeFile          where saved mode pages live (file LUNs: the backing file + ".mode"), or null
     * @param blockSize         the LU's block size, the only one a MODE SELECT block descriptor may name
     * @param removable         the medium can be ejected (START STOP UNIT with LOEJ) unless a nexus prevents it
     * @param sanitizeRate      bytes per second a SANITIZE OVERWRITE writes at most (0: unpaced)
     */
    public record Settings(int lun, boolean powerOnAttention, Path reservationFile, Path modeFile, int blockSize,
                           boolean removable, ModeParameters defaultMode, long sanitizeRate) {
        /** The default {@code sanitize-rate}: 64 MiB per second. */
        public static final long DEFAULT_SANITIZE_RATE = 64L << 20;

        public Settings {
            if (sanitizeRate < 0) {
                throw new IllegalArgumentException("sanitizeRate must be >= 0, got " + sanitizeRate);
            }
        }

        /** At the default sanitize rate. */
        public Settings(int lun, boolean powerOnAttention, Path reservationFile, Path modeFile, int blockSize,
                        boolean removable, ModeParameters defaultMode) {
            this(lun, powerOnAttention, reservationFile, modeFile, blockSize, removable, defaultMode,
                    DEFAULT_SANITIZE_RATE);
        }

        /** Nothing kept across restarts, 512-byte blocks. */
        public Settings(int lun, boolean powerOnAttention, Path reservationFile) {
            this(lun, powerOnAttention, reservationFile, null, 512, false);
        }

        /** Not removable. */
        public Settings(int lun, boolean powerOnAttention, Path reservationFile, Path modeFile, int blockSize) {
            this(lun, powerOnAttention, reservationFile, modeFile, blockSize, false);
        }

        /** With the standard default mode parameters (write cache on). */
        public Settings(int lun, boolean powerOnAttention, Path reservationFile, Path modeFile, int blockSize,
                        boolean removable) {
            this(lun, powerOnAttention, reservationFile, modeFile, blockSize, removable, ModeParameters.DEFAULT);
        }
    }

    private final ActorContext<Command> context;
    private final Settings settings;
    private final ReservationFile file;
    private final PersistentReservations reservations;
    private final Map<Nexus, ActorRef<ControlView>> subscribers = new HashMap<>();
    private final Map<Nexus, Deque<UnitAttention>> attentions = new HashMap<>();
    private final Set<Nexus> seen = new HashSet<>();
    private final ModePageFile modeFile;
    private ModeParameters mode;
    private ModeParameters savedMode;
    private Nexus reservedBy;
    private boolean mediumPresent = true;
    /** The nexuses that sent PREVENT ALLOW MEDIUM REMOVAL with PREVENT = 1 (SBC-3 §5.13). */
    private final Set<Nexus> preventing = new HashSet<>();
    private long version;
    private long nextAttentionId = 1;
    /** The live sessions of each nexus that can abort tasks, until they stop (not just unsubscribe). */
    private final Map<Nexus, List<ActorRef<AbortTasks>>> aborters = new HashMap<>();
    /** PREEMPT AND ABORT commands waiting for the preempted sessions, by fence. */
    private final Map<Long, PendingAbort> pendingAborts = new HashMap<>();
    private long nextFence;
    private long nextToken;

    /** One PREEMPT AND ABORT and the sessions whose report it still waits for, by token. */
    private static final class PendingAbort {
        final ControlReply reply;
        final ActorRef<ControlReply> replyTo;
        final Map<Long, Waiter> waiting = new HashMap<>();

        PendingAbort(ControlReply reply, ActorRef<ControlReply> replyTo) {
            this.reply = reply;
            this.replyTo = replyTo;
        }
    }

    private record Waiter(Nexus nexus, ActorRef<AbortTasks> aborter) {
    }
    private final SanitizeMedium medium;
    /** The sanitize in progress, or null. */
    private Sanitizing sanitizing;
    /** Sanitize failure mode (SBC-3 §4.11.3): the last sanitize failed. */
    private boolean sanitizeFailed;
    /** The failed sanitize allowed EXIT FAILURE MODE (its AUSE bit). */
    private boolean failedWithAuse;
    private long sanitizeRuns;

    /** A running sanitize: its runner, who waits for its end (null with IMMED), its AUSE bit, its progress. */
    private static final class Sanitizing {
        final ActorRef<SanitizeRun.Command> run;
        final ActorRef<ControlReply> waiting;
        final boolean ause;
        final String method;
        int progress;

        Sanitizing(ActorRef<SanitizeRun.Command> run, ActorRef<ControlReply> waiting, boolean ause, String method) {
            this.run = run;
            this.waiting = waiting;
            this.ause = ause;
            this.method = method;
        }
    }

    /** Without a device: every sanitize fails (tests of the other control state). */
    public static Behavior<Command> create(Settings settings) {
        return create(settings, SanitizeMedium.NONE);
    }

    /** @param medium where a sanitize's device work goes: the LU's I/O pipeline */
    public static Behavior<Command> create(Settings settings, SanitizeMedium medium) {
        return Behaviors.setup(context -> new LogicalUnitControl(context, settings, medium));
    }

    private LogicalUnitControl(ActorContext<Command> context, Settings settings, SanitizeMedium medium) {
        super(context);
        this.context = context;
        this.settings = settings;
        this.medium = Objects.requireNonNull(medium, "medium");
        this.file = settings.reservationFile() == null ? null : new ReservationFile(settings.reservationFile());
        this.reservations = new PersistentReservations(file != null);
        this.modeFile = settings.modeFile() == null ? null : new ModePageFile(settings.modeFile());
        this.mode = settings.defaultMode();
        if (modeFile != null) {
            try {
                ModeParameters saved = modeFile.load();
                savedMode = saved == null ? settings.defaultMode() : saved;
                mode = savedMode;
            } catch (IOException e) {
                savedMode = settings.defaultMode();
                context.getLog().error("{}: cannot read saved mode pages, using defaults: {}", modeFile.path(),
                        e.getMessage());
            }
        }
        if (file != null) {
            try {
                PersistentReservations.Saved saved = file.load();
                if (saved != null) {
                    reservations.restore(saved);
                    seen.addAll(saved.registrations().keySet());
                    saved.registrations().keySet().forEach(n -> establish(n, SenseCode.POWER_ON_RESET));
                    context.getLog().info("{}: {} persistent registration(s) restored (APTPL)", file.path(),
                            saved.registrations().size());
                }
            } catch (IOException e) {
                context.getLog().error("{}: cannot restore persistent reservations, starting without: {}",
                        file.path(), e.getMessage());
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Execute.class, this::onExecute)
                .onMessage(AttentionsReported.class, this::onAttentionsReported)
                .onMessage(Reset.class, this::onReset)
                .onMessage(SessionStopped.class, this::onSessionStopped)
                .onMessage(TasksAborted.class, this::onTasksAborted)
                .onMessage(AbortWaitOver.class, this::onAbortWaitOver)
                .onMessage(Unsubscribe.class, u -> subscriberGone(u.nexus(), u.subscriber()))
                .onMessage(Leave.class, this::onLeave)
                .onMessage(SanitizeProgress.class, this::onSanitizeProgress)
                .onMessage(SanitizeEnded.class, this::onSanitizeEnded)
                .onMessage(SanitizeStopped.class, this::onSanitizeStopped)
                .build();
    }

    private Behavior<Command> onSubscribe(Subscribe subscribe) {
        Nexus nexus = subscribe.nexus();
        if (seen.add(nexus) && settings.powerOnAttention()) {
            establish(nexus, SenseCode.POWER_ON_RESET);
        }
        ActorRef<ControlView> previous = subscribers.put(nexus, subscribe.subscriber());
        if (previous != null && !previous.equals(subscribe.subscriber())) {
            // A new session of a nexus whose old session has not been seen to end yet (a logout and a new
            // login racing the old session's end, or reinstatement): the old session's nexus is lost.
            nexusLost(nexus);
        }
        if (subscribe.aborter() != null) {
            aborters.computeIfAbsent(nexus, n -> new ArrayList<>()).add(subscribe.aborter());
        }
        context.watchWith(subscribe.owner(), new SessionStopped(nexus, subscribe.subscriber(), subscribe.aborter()));
        version++;
        subscribe.subscriber().tell(view(nexus));
        return this;
    }

    private Behavior<Command> onExecute(Execute execute) {
        if (execute.request() instanceof ControlRequest.Sanitize sanitize) {
            return onSanitize(execute, sanitize);
        }
        ControlReply reply = execute(execute.nexus(), execute.request(), execute.parameters());
        changed();
        if (reply.isGood() && execute.request() instanceof ControlRequest.PersistentReserveOut out
                && out.serviceAction() == ControlRequest.PersistentReserveOut.PREEMPT_AND_ABORT) {
            abortPreempted(reservations.preempted(), reply, execute.replyTo());
        } else {
            execute.replyTo().tell(reply);
        }
        return this;
    }

    /**
     * PREEMPT AND ABORT, after the state change: every live session of a preempted nexus aborts its
     * tasks of this LU; {@code reply} goes out when they have all reported. The issuer's own tasks are
     * never among them (its registration is never preempted), and a preempted nexus with no session
     * logged in has nothing to abort.
     */
    private void abortPreempted(List<Nexus> preempted, ControlReply reply, ActorRef<ControlReply> replyTo) {
        long fence = nextFence++;
        PendingAbort pending = new PendingAbort(reply, replyTo);
        for (Nexus nexus : preempted) {
            for (ActorRef<AbortTasks> aborter : aborters.getOrDefault(nexus, List.of())) {
                long token = nextToken++;
                pending.waiting.put(token, new Waiter(nexus, aborter));
                aborter.tell(new AbortTasks(settings.lun(), fence, token, context.getSelf().narrow()));
            }
        }
        if (pending.waiting.isEmpty()) {
            replyTo.tell(reply);
            return;
        }
        pendingAborts.put(fence, pending);
        context.scheduleOnce(ABORT_REPORT_TIMEOUT, context.getSelf(), new AbortWaitOver(fence));
    }

    private Behavior<Command> onTasksAborted(TasksAborted report) {
        PendingAbort pending = pendingAborts.get(report.fence());
        Waiter waiter = pending == null ? null : pending.waiting.remove(report.token());
        if (waiter != null) {
            if (report.any()) {
                // SAM-5 §5.6, TAS = 0: the nexus whose commands another one aborted learns of it.
                establish(waiter.nexus(), SenseCode.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
            }
            abortReported(report.fence(), pending);
        }
        return this;
    }

    /** After the last report: the new views (with their unit attentions) first, then the command's answer. */
    private void abortReported(long fence, PendingAbort pending) {
        if (pending.waiting.isEmpty()) {
            pendingAborts.remove(fence);
            changed();
            pending.replyTo.tell(pending.reply);
        }
    }

    private Behavior<Command> onAbortWaitOver(AbortWaitOver over) {
        PendingAbort pending = pendingAborts.get(over.fence());
        if (pending != null) {
            context.getLog().warn("PREEMPT AND ABORT on LU {}: {} session(s) did not report their tasks aborted "
                    + "within {}; answering", settings.lun(), pending.waiting.size(), ABORT_REPORT_TIMEOUT);
            pending.waiting.clear();
            abortReported(over.fence(), pending);
        }
        return this;
    }

    /**
     * A session actor stopped: it holds no device I/O any more, so a PREEMPT AND ABORT waiting for it
     * waits no longer; then the nexus loss, unless a newer session or an Unsubscribe dealt with it.
     */
    private Behavior<Command> onSessionStopped(SessionStopped stopped) {
        if (stopped.aborter() != null) {
            List<ActorRef<AbortTasks>> live = aborters.get(stopped.nexus());
            if (live != null && live.remove(stopped.aborter()) && live.isEmpty()) {
                aborters.remove(stopped.nexus());
            }
            for (Map.Entry<Long, PendingAbort> entry : List.copyOf(pendingAborts.entrySet())) {
                PendingAbort pending = entry.getValue();
                if (pending.waiting.values().removeIf(w -> w.aborter().equals(stopped.aborter()))) {
                    abortReported(entry.getKey(), pending);
                }
            }
        }
        return subscriberGone(stopped.nexus(), stopped.subscriber());
    }

    private ControlReply execute(Nexus nexus, ControlRequest request, byte[] parameters) {
        boolean reservedByOther = reservedBy != null && !reservedBy.equals(nexus);
        if (request instanceof ControlRequest.PersistentReserveIn in) {
            return reservedByOther ? ControlReply.conflict() : reservations.in(in);
        }
        if (request instanceof ControlRequest.PersistentReserveOut out) {
            if (reservedByOther) {
                return ControlReply.conflict();
            }
            ControlReply reply = reservations.out(nexus, out, parameters, this::establish);
            return reply.isGood() ? persist(reply) : reply;
        }
        if (request instanceof ControlRequest.Reserve) {
            // SPC-3 §5.6.3 (SPC-4 §5.13.3): RESERVE/RELEASE conflict while any registration exists.
            if (reservations.hasRegistrations() || reservedByOther) {
                return ControlReply.conflict();
            }
            reservedBy = nexus;
            return ControlReply.good();
        }
        if (request instanceof ControlRequest.Release) {
            if (reservations.hasRegistrations()) {
                return ControlReply.conflict();
            }
            if (!reservedByOther) {
                reservedBy = null; // a RELEASE from another nexus is GOOD and changes nothing (SPC-2 §7.19)
            }
            return ControlReply.good();
        }
        if (request instanceof ControlRequest.ModeSelect select) {
            return modeSelect(nexus, select, parameters);
        }
        if (request instanceof ControlRequest.PreventAllow preventAllow) {
            if (preventAllow.prevent()) {
                preventing.add(nexus);
            } else {
                preventing.remove(nexus);
            }
            return ControlReply.good();
        }
        if (request instanceof ControlRequest.LoadEject loadEject) {
            // While removal is prevented the tray moves neither way (libiscsi PreventAllow.Eject expects a
            // load refused as well).
            if (!preventing.isEmpty()) {
                return ControlReply.check(SenseData.of(SenseCode.MEDIUM_REMOVAL_PREVENTED));
            }
            mediumPresent = loadEject.load();
            return ControlReply.good();
        }
        return ControlReply.check(SenseData.of(SenseCode.INVALID_COMMAND_OPERATION_CODE));
    }

    /**
     * MODE SELECT: the new values apply at once; with SP they are also saved (and are the values after
     * a restart). Every other nexus is owed MODE PARAMETERS CHANGED (SPC-4 §6.9) when something changed.
     */
    private ControlReply modeSelect(Nexus nexus, ControlRequest.ModeSelect select, byte[] parameters) {
        if (select.savePages() && modeFile == null) {
            return ControlReply.check(SenseData.invalidFieldInCdb(1, 0));
        }
        ModeSelect.Outcome outcome = ModeSelect.apply(parameters, select.ten(), settings.blockSize(), mode);
        if (outcome.refusal() != null) {
            return ControlReply.check(outcome.refusal());
        }
        if (!outcome.values().equals(mode)) {
            mode = outcome.values();
            seen.stream().filter(n -> !n.equals(nexus)).forEach(n -> establish(n, SenseCode.MODE_PARAMETERS_CHANGED));
        }
        if (select.savePages()) {
            try {
                modeFile.save(mode);
                savedMode = mode;
            } catch (IOException e) {
                context.getLog().error("{}: cannot save mode pages: {}", modeFile.path(), e.toString());
                return ControlReply.check(SenseData.of(SenseCode.INTERNAL_TARGET_FAILURE));
            }
        }
        return ControlReply.good();
    }

    /**
     * SANITIZE (SBC-3 §5.30): EXIT FAILURE MODE, or a new sanitize of the whole medium. A sanitize
     * changes every nexus's view before anything else happens (from then on every command but
     * INQUIRY, REPORT LUNS and REQUEST SENSE gets SANITIZE IN PROGRESS, decided by the sessions from
     * their views), then runs in a {@link SanitizeRun} child. With IMMED the command is answered now;
     * without, when the sanitize ends — whoever asked may be gone by then (aborted, reset, logged
     * out): the sanitize goes on regardless.
     */
    private Behavior<Command> onSanitize(Execute execute, ControlRequest.Sanitize request) {
        ControlReply refusal = sanitizeRefusal(execute.nexus(), request);
        if (refusal != null) {
            execute.replyTo().tell(refusal);
            return this;
        }
        if (request.serviceAction() == ControlRequest.Sanitize.EXIT_FAILURE_MODE) {
            if (sanitizeFailed) {
                sanitizeFailed = false;
                context.getLog().info("LUN {}: sanitize failure mode left (EXIT FAILURE MODE)", settings.lun());
                changed();
            }
            execute.replyTo().tell(ControlReply.good()); // outside failure mode there is nothing to leave
            return this;
        }
        Sanitization sanitization;
        String method;
        if (request.serviceAction() == ControlRequest.Sanitize.OVERWRITE) {
            SanitizeParameters.Decoded decoded = SanitizeParameters.decode(execute.parameters(), settings.blockSize());
            if (decoded.refusal() != null) {
                execute.replyTo().tell(ControlReply.check(decoded.refusal()));
                return this;
            }
            sanitization = Sanitization.overwrite(medium.geometry(), decoded.overwrite());
            method = "overwrite (" + decoded.overwrite().count() + " pass(es))";
        } else {
            sanitization = Sanitization.erase(medium.geometry());
            method = request.serviceAction() == ControlRequest.Sanitize.BLOCK_ERASE ? "block erase"
                    : "cryptographic erase (a full erase: no media key)";
        }
        ActorRef<SanitizeRun.Command> run = context.spawn(
                SanitizeRun.create(sanitization, medium, settings.sanitizeRate(), context.getSelf()),
                "sanitize-" + ++sanitizeRuns);
        context.watchWith(run, new SanitizeStopped(run));
        sanitizing = new Sanitizing(run, request.immediate() ? null : execute.replyTo(), request.ause(), method);
        context.getLog().info("LUN {}: sanitize {} started by {}", settings.lun(), method, execute.nexus());
        changed(); // every nexus refuses from now on, before the initiator hears anything
        if (request.immediate()) {
            execute.replyTo().tell(ControlReply.good());
        }
        return this;
    }

    /** Why a SANITIZE cannot be done now, or null. */
    private ControlReply sanitizeRefusal(Nexus nexus, ControlRequest.Sanitize request) {
        if (sanitizing != null) {
            return ControlReply.check(status().requestSense()); // SANITIZE IN PROGRESS, with the progress
        }
        // SANITIZE writes the medium: the sessions refuse it under a reservation already; this covers a
        // reservation taken while the command was on its way.
        if (reservedBy != null && !reservedBy.equals(nexus) || reservations.writeConflict(nexus)) {
            return ControlReply.conflict();
        }
        if (sanitizeFailed && !failedWithAuse) {
            // SBC-4 §5.30.1: after a failed sanitize without AUSE only a new sanitize, itself without AUSE, ends
            // failure mode; EXIT FAILURE MODE or AUSE = 1 is INVALID FIELD IN CDB.
            if (request.serviceAction() == ControlRequest.Sanitize.EXIT_FAILURE_MODE) {
                return ControlReply.check(SenseData.invalidFieldInCdb(1, 4));
            }
            if (request.ause()) {
                return ControlReply.check(SenseData.invalidFieldInCdb(1, 5));
            }
        }
        return null;
    }

    private Behavior<Command> onSanitizeProgress(SanitizeProgress progress) {
        if (sanitizing == null || !sanitizing.run.equals(progress.run())) {
            return this;
        }
        int value = (int) Math.min(SenseData.PROGRESS_DENOMINATOR - 1,
                progress.done() * SenseData.PROGRESS_DENOMINATOR / Math.max(1, progress.total()));
        // Views go out at every whole percent, not at every request.
        boolean push = value / PROGRESS_STEP != sanitizing.progress / PROGRESS_STEP;
        sanitizing.progress = value;
        if (push) {
            changed();
        }
        return this;
    }

    private Behavior<Command> onSanitizeEnded(SanitizeEnded ended) {
        if (sanitizing == null || !sanitizing.run.equals(ended.run())) {
            return this;
        }
        Sanitizing over = sanitizing;
        sanitizing = null;
        ControlReply reply;
        if (ended.failure() == null) {
            sanitizeFailed = false;
            context.getLog().info("LUN {}: sanitize {} completed", settings.lun(), over.method);
            reply = ControlReply.good();
        } else {
            sanitizeFailed = true;
            failedWithAuse = over.ause;
            context.getLog().error("LUN {}: sanitize {} failed, the unit is in sanitize failure mode: {}",
                    settings.lun(), over.method, ended.failure().toString());
            reply = ControlReply.check(SenseData.of(SenseCode.SANITIZE_COMMAND_FAILED));
        }
        changed();
        if (over.waiting != null) {
            over.waiting.tell(reply);
        }
        return this;
    }

    private Behavior<Command> onSanitizeStopped(SanitizeStopped stopped) {
        return onSanitizeEnded(new SanitizeEnded(stopped.run(), new IOException("the sanitize stopped")));
    }

    private SanitizeStatus status() {
        if (sanitizing != null) {
            return new SanitizeStatus(true, sanitizing.progress, sanitizeFailed);
        }
        return sanitizeFailed ? new SanitizeStatus(false, 0, true) : SanitizeStatus.IDLE;
    }

    /** Keeps the APTPL state on disk (or removes it once APTPL is off) before the command completes. */
    private ControlReply persist(ControlReply reply) {
        if (file == null) {
            return reply;
        }
        try {
            if (reservations.aptpl()) {
                file.save(reservations.save());
            } else {
                file.delete();
            }
            return reply;
        } catch (IOException e) {
            context.getLog().error("{}: cannot save persistent reservations: {}", file.path(), e.toString());
            return ControlReply.check(SenseData.of(SenseCode.INTERNAL_TARGET_FAILURE));
        }
    }

    private Behavior<Command> onAttentionsReported(AttentionsReported reported) {
        Deque<UnitAttention> queue = attentions.get(reported.nexus());
        if (queue != null && queue.removeIf(ua -> ua.id() <= reported.upTo())) {
            if (queue.isEmpty()) {
                attentions.remove(reported.nexus());
            }
            version++;
            ActorRef<ControlView> subscriber = subscribers.get(reported.nexus());
            if (subscriber != null) {
                subscriber.tell(view(reported.nexus()));
            }
        }
        return this;
    }

    /**
     * A logical unit or target reset: every I_T nexus the unit knows, the issuer's too, is owed the
     * reset's unit attention (SAM-5 §6.3.3 "for the SCSI initiator port associated with every I_T
     * nexus"); libiscsi's MultipathIO.Reset checks it on each path after a reset through either.
     */
    private Behavior<Command> onReset(Reset reset) {
        reservedBy = null;
        preventing.clear(); // a reset ends every prevention of medium removal (SBC-3 §5.13)
        List.copyOf(seen).forEach(n -> establish(n, reset.code()));
        changed();
        reset.replyTo().tell(Done.getInstance());
        return this;
    }

    /**
     * I_T nexus loss: an SPC-2 reservation of that nexus ends (SPC-2 §5.5.1). A nexus without a
     * registration is forgotten, so its next login is owed 29h/00h again (as after any reset);
     * registrants stay known, with what they are owed.
     */
    private Behavior<Command> subscriberGone(Nexus nexus, ActorRef<ControlView> subscriber) {
        if (subscribers.get(nexus) != subscriber) {
            return this; // a newer session of the same nexus has subscribed since
        }
        subscribers.remove(nexus);
        nexusLost(nexus);
        if (!reservations.registrations().containsKey(nexus)) {
            seen.remove(nexus);
            attentions.remove(nexus);
        }
        changed();
        return this;
    }

    private Behavior<Command> onLeave(Leave leave) {
        subscriberGone(leave.nexus(), leave.subscriber()); // pushes the new views first
        leave.replyTo().tell(Done.getInstance());
        return this;
    }

    /** SPC-2 §5.5.1 and SBC-3 §5.13: nexus loss ends its SPC-2 reservation and its prevention of medium removal. */
    private void nexusLost(Nexus nexus) {
        if (nexus.equals(reservedBy)) {
            reservedBy = null;
        }
        preventing.remove(nexus);
    }

    private void establish(Nexus nexus, SenseCode code) {
        Deque<UnitAttention> queue = attentions.computeIfAbsent(nexus, n -> new ArrayDeque<>());
        for (UnitAttention ua : queue) {
            if (ua.code() == code) {
                return; // already owed; one report covers both
            }
        }
        if (queue.size() == MAX_ATTENTIONS) {
            queue.removeFirst();
        }
        queue.addLast(new UnitAttention(nextAttentionId++, code));
    }

    private void changed() {
        version++;
        subscribers.forEach((nexus, subscriber) -> subscriber.tell(view(nexus)));
    }

    private ControlView view(Nexus nexus) {
        Deque<UnitAttention> queue = attentions.get(nexus);
        return new ControlView(settings.lun(), version, queue == null ? List.of() : List.copyOf(queue),
                reservedBy != null && !reservedBy.equals(nexus), reservations.readConflict(nexus),
                reservations.writeConflict(nexus), mode, savedMode, mediumPresent, status());
    }
}
