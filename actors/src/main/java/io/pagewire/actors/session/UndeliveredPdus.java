package io.pagewire.actors.session;

import io.pagewire.protocol.pdu.PayloadPdu;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.WrappedMessage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * PDUs the event loop delivered to a session that had already stopped end up as dead letters;
 * each still holds a slice of its connection's receive buffer. This actor releases them, so a
 * session that dies with PDUs in its mailbox leaks no buffer.
 */
public final class UndeliveredPdus {
    private UndeliveredPdus() {
    }

    public static Behavior<DeadLetter> create() {
        return Behaviors.setup(context -> {
            ActorRef<DeadLetter> self = context.getSelf();
            // Classic subscription: in effect immediately, unlike the typed Subscribe message.
            Adapter.toClassic(context.getSystem()).getEventStream().subscribe(Adapter.toClassic(self), DeadLetter.class);
            return Behaviors.receiveMessage(deadLetter -> {
                if (WrappedMessage.unwrap(deadLetter.message()) instanceof SessionActor.PduReceived received
                        && received.pdu() instanceof PayloadPdu payload) {
                    payload.release();
                }
                return Behaviors.same();
            });
        });
    }
}
