package io.pagewire.actors.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public enum Outcome { NEW, REINSTATED, SESSION_DOES_NOT_EXIST, TOO_MANY_CONNECTIONS }

    private record Key(String initiatorName, long isid, String targetName) {
    }

    private record Entry(Key key, int tsih, ActorRef<SessionActor.Command> session) {
    }

    private final Map<Key, Entry> byKey = new HashMap<>();
    private final Map<Integer, Entry> byTsih = new HashMap<>();
    private final Map<ActorRef<SessionActor.Command>, Entry> bySession = new HashMap<>();
    private final Map<ActorRef<SessionActor.Command>, List<Runnable>> afterStop = new HashMap<>();
    private int nextTsih = 1;

    public static Behavior<Command> create() {
        return Behaviors.setup(SessionRegistry::new);
    }

    private SessionRegistry(ActorContext<Command> context) {
        super(context);
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
        if (request.tsih() != 0) {
            Entry existing = byTsih.get(request.tsih());
            Outcome outcome = existing == null ? Outcome.SESSION_DOES_NOT_EXIST : Outcome.TOO_MANY_CONNECTIONS;
            request.replyTo().tell(new Registration(0, outcome));
            return this;
        }
        Key key = new Key(request.initiatorName(), request.isid(), request.targetName());
        Entry old = byKey.remove(key);
        Entry entry = new Entry(key, allocateTsih(), request.session());
        byKey.put(key, entry);
        byTsih.put(entry.tsih(), entry);
        bySession.put(entry.session(), entry);
        getContext().watch(entry.session());
        if (old == null) {
            request.replyTo().tell(new Registration(entry.tsih(), Outcome.NEW));
            return this;
        }
        byTsih.remove(old.tsih());
        bySession.remove(old.session());
        old.session().tell(SessionActor.Reinstated.INSTANCE);
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
        Entry entry = bySession.remove(terminated.getRef().unsafeUpcast());
        if (entry != null) {
            byKey.remove(entry.key(), entry);
            byTsih.remove(entry.tsih(), entry);
        }
        return this;
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
