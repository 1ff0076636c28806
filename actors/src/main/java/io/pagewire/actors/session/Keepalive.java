package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.Pdu;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The target's NOP-In ping (RFC 7143 §11.19): after {@code interval} without a PDU from the
 * initiator, ping with a fresh Target Transfer Tag; no answer within {@code timeout} means the
 * connection is dead. At most one ping is open at a time. While the initiator owes solicited
 * Data-Out the idle interval is the shorter {@code awaitingDataInterval}: silence then is either a
 * stall or a connection that died without the transport noticing (with io_uring a reset that
 * arrives between two reads can go unreported until the next write), and the ping's write tells
 * which. Actor thread only.
 */
final class Keepalive {
    private static final Object PING = "ping";
    private static final Object PING_TIMEOUT = "ping-timeout";

    private final TimerScheduler<SessionActor.Command> timers;
    private final Duration interval;
    private final Duration awaitingDataInterval;
    private final Duration timeout;
    private boolean awaitingData;
    private int openTtt = Pdu.RESERVED_TAG;
    private long sent;
    private long answered;

    Keepalive(TimerScheduler<SessionActor.Command> timers, Duration interval, Duration awaitingDataInterval,
              Duration timeout) {
        this.timers = timers;
        this.interval = interval;
        this.awaitingDataInterval = awaitingDataInterval.isZero() ? interval : awaitingDataInterval;
        this.timeout = timeout;
    }

    /** The initiator was heard from: the idle interval starts again (unless a ping is open). */
    void heard() {
        Duration idle = awaitingData ? awaitingDataInterval : interval;
        if (!idle.isZero() && openTtt == Pdu.RESERVED_TAG) {
            timers.startSingleTimer(PING, SessionActor.PingDue.INSTANCE, idle);
        } else if (idle.isZero()) {
            timers.cancel(PING);
        }
    }

    /** Whether an R2T is outstanding; a change restarts the idle interval with the matching length. */
    void awaitingData(boolean awaiting) {
        if (awaiting != awaitingData) {
            awaitingData = awaiting;
            heard();
        }
    }

    /** The interval passed: send a ping under a TTT from {@code ttts}. */
    void ping(Wire wire, IntSupplier ttts) {
        openTtt = ttts.getAsInt();
        sent++;
        wire.nopIn(0, Pdu.RESERVED_TAG, openTtt, Unpooled.EMPTY_BUFFER);
        timers.startSingleTimer(PING_TIMEOUT, SessionActor.PingTimeout.INSTANCE, timeout);
    }

    /** A NOP-Out with the reserved ITT: the answer to our ping if its TTT matches. */
    void answer(int ttt) {
        if (ttt == openTtt && openTtt != Pdu.RESERVED_TAG) {
            openTtt = Pdu.RESERVED_TAG;
            answered++;
            timers.cancel(PING_TIMEOUT);
            heard(); // the next idle interval starts now; the PDU that carried it could not, a ping was open
        }
    }

    boolean owns(int ttt) {
        return ttt == openTtt && openTtt != Pdu.RESERVED_TAG;
    }

    Duration timeout() {
        return timeout;
    }

    long sent() {
        return sent;
    }

    long answered() {
        return answered;
    }
}
