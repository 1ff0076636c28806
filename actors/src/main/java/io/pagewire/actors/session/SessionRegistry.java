package io.pagewire.actors.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Knows every session of this target node by its identity (InitiatorName, ISID, TargetName) and
 * its TSIH: assigns TSIHs, and performs session reinstatement — a new leading login with an ISID
 * that already has a session closes the old one (RFC 7143 §6.3.5). MaxConnections is 1, so a login
 * naming an existing TSIH is refused.
 *
 * <p>Limits: at most {@code maxSessions} sessions in all and, per target, its own limit; a new session
 * beyond either gets OUT_OF_RESOURCES (login status 0x0302). A reinstatement replaces a session and
 * is never refused. The first refusal of each limit is logged, then nothing until the count drops
 * below it again.
 *
 * <p>A reinstating login is answered only when the old session's actor has stopped, which it does
 * once the device calls of its tasks have returned: the new session starts with none of the old
 * one's WRITEs still on the way to the device.
 */
public final class SessionRegistry extends AbstractBehavior<SessionRegistry.Command> {

    public sealed interface Command {
    }

    /** Asked by a login about to complete. {@code tsih} is the TSIH of the Login Request (0 = new session). */
    public record Register(String initiatorName, long isid, String targetName, int tsih,
                           ActorRef<SessionActor.Command> session, ActorRef<Registration> replyTo) implements Command {
    }

    /** Lists the live sessions (for shutdown). */
    public record ListSessions(ActorRef<Sessions> replyTo) implements Command {
    }

    public record Sessions(List<ActorRef<SessionActor.Command>> sessions) {
    }

    /** The answer: a TSIH, or why not (RFC 7143 §11.13.5 status detail). */
    public record Registration(int tsih, Outcome outcome) {
    }

    public enum Outcome { NEW, REINSTATED, SESSION_DOES_NOT_EXIST, TOO_MANY_CONNECTIONS, OUT_OF_RESOURCES }

    /** Names the node-wide limit in {@link #warned}; no target is called that (discovery is ""). */
    private static final String NODE = "*";

    private record Key(String initiatorName, long isid, String targetName) {
    }

    private record Entry(Key key, int tsih, ActorRef<SessionActor.Command> session) {
    }

    private final Map<Key, Entry> byKey = new HashMap<>();
    private final Map<Integer, Entry> byTsih = new HashMap<>();
    private final Map<ActorRef<SessionActor.Command>, Entry> bySession = new HashMap<>();
    private final Map<ActorRef<SessionActor.Command>, List<Runnable>> afterStop = new HashMap<>();
    private int nextTsih = 1;
    private final int maxSessions;
    private final Map<String, Integer> targetLimits;
    private final Map<String, Integer> perTarget = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    /** Without limits. */
    public static Behavior<Command> create() {
        return create(Integer.MAX_VALUE, Map.of());
    }

    /**
     * @param maxSessions  sessions of the whole node, discovery ones included
     * @param targetLimits sessions per TargetName, for the targets that have a limit of their own
     */
    public static Behavior<Command> create(int maxSessions, Map<String, Integer> targetLimits) {
        return Behaviors.setup(context -> new SessionRegistry(context, maxSessions, targetLimits));
    }

    private SessionRegistry(ActorContext<Command> context, int maxSessions, Map<String, Integer> targetLimits) {
        super(context);
        this.maxSessions = maxSessions;
        this.targetLimits = Map.copyOf(targetLimits);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Register.class, this::onRegister)
                .onMessage(ListSessions.class, this::onList)
                .onSignal(Terminated.class, this::onTerminated)
                .build();
    }

    private Behavior<Command> onRegister(Register request) {
        Key key = new Key(request.initiatorName(), request.isid(), request.targetName());
        if (request.tsih() != 0) {
            // A session is the I_T nexus (InitiatorName + ISID, TargetName) with its TSIH (RFC 7143 §4.4.3,
            // §6.3.3); only the initiator that owns it, on the same ISID and target, may name its TSIH. Anyone
            // else names a session that does not exist for them: 0x020A, which also does not reveal that the
            // TSIH is in use. The owner adding a connection gets 0x0206: MaxConnections is 1.
            Entry existing = byTsih.get(request.tsih());
            boolean owner = existing != null && existing.key().equals(key);
            request.replyTo().tell(new Registration(0, owner ? Outcome.TOO_MANY_CONNECTIONS
                    : Outcome.SESSION_DOES_NOT_EXIST));
            return this;
        }
        if (!byKey.containsKey(key) && !admit(request.targetName())) {
            request.replyTo().tell(new Registration(0, Outcome.OUT_OF_RESOURCES));
            return this;
        }
        Entry old = byKey.remove(key);
        if (old != null) {
            forget(old);
            old.session().tell(SessionActor.Reinstated.INSTANCE);
        }
        Entry entry = new Entry(key, allocateTsih(), request.session());
        byKey.put(key, entry);
        byTsih.put(entry.tsih(), entry);
        bySession.put(entry.session(), entry);
        perTarget.merge(key.targetName(), 1, Integer::sum);
        getContext().watch(entry.session());
        if (old == null) {
            request.replyTo().tell(new Registration(entry.tsih(), Outcome.NEW));
            return this;
        }
        Registration answer = new Registration(entry.tsih(), Outcome.REINSTATED);
        afterStop.computeIfAbsent(old.session(), s -> new ArrayList<>())
                .add(() -> request.replyTo().tell(answer));
        return this;
    }

    private Behavior<Command> onList(ListSessions request) {
        request.replyTo().tell(new Sessions(List.copyOf(bySession.keySet())));
        return this;
    }

    private Behavior<Command> onTerminated(Terminated terminated) {
        List<Runnable> waiting = afterStop.remove(terminated.getRef().<SessionActor.Command>unsafeUpcast());
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
        Entry entry = bySession.get(terminated.getRef().unsafeUpcast());
        if (entry != null) {
            byKey.remove(entry.key(), entry);
            forget(entry);
            relieve();
        }
        return this;
    }

    private void forget(Entry entry) {
        byTsih.remove(entry.tsih(), entry);
        bySession.remove(entry.session(), entry);
        perTarget.computeIfPresent(entry.key().targetName(), (target, n) -> n == 1 ? null : n - 1);
    }

    /** After a session ended: the limits it was counted against may take logins again. */
    private void relieve() {
        warned.removeIf(scope -> {
            boolean below = scope.equals(NODE) ? bySession.size() < maxSessions
                    : perTarget.getOrDefault(scope, 0) < targetLimits.get(scope);
            if (below) {
                getContext().getLog().info("sessions of {} below the limit again; logins accepted",
                        scope.equals(NODE) ? "this node" : scope);
            }
            return below;
        });
    }

    /** Whether one more session fits both limits; logs the first refusal of each limit. */
    private boolean admit(String targetName) {
        if (bySession.size() >= maxSessions) {
            return refuse(NODE, "this node", maxSessions, "pagewire.limits.max-sessions");
        }
        Integer limit = targetLimits.get(targetName);
        if (limit != null && perTarget.getOrDefault(targetName, 0) >= limit) {
            return refuse(targetName, targetName, limit, "max-sessions of the target");
        }
        return true;
    }

    private boolean refuse(String scope, String what, int limit, String key) {
        if (warned.add(scope)) {
            getContext().getLog().warn("{} has {} sessions, its limit ({}); new logins get 0x0302 (out of resources)"
                    + " until one ends", what, limit, key);
        }
        return false;
    }

    /** TSIH is 16 bits and never 0 (RFC 7143 §11.12.6); skip any still in use after wrapping. */
    private int allocateTsih() {
        while (true) {
            int tsih = nextTsih;
            nextTsih = nextTsih == 0xffff ? 1 : nextTsih + 1;
            if (!byTsih.containsKey(tsih)) {
                return tsih;
            }
        }
    }
}
