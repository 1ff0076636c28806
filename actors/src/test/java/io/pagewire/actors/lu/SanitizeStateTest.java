package io.pagewire.actors.lu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.ControlRequest;
import io.pagewire.streams.commands.ModeParameters;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.pipeline.IoResult;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The logical unit's sanitize state (SBC-3 §4.11) in its control actor, against a medium whose
 * requests the test completes by hand: every nexus sees a sanitize in progress and refuses from its
 * view; the sanitize outlives resets and the loss of the nexus that started it; IMMED; progress;
 * failure mode and the ways out of it (EXIT FAILURE MODE with AUSE, a new sanitize); pacing.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class SanitizeStateTest {
    private static final String TARGET_PORT = "iqn.2026-11.io.pagewire:test,t,0x0001";
    /** 4 MiB of 512-byte blocks: an overwrite pass is 4 requests of 1 MiB, an erase one of 4 MiB. */
    private static final Geometry GEOMETRY = new Geometry(512, 8192);
    private static final byte[] NONE = new byte[0];

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** The LU's I/O path as the sanitize sees it: requests wait here until the test completes them. */
    static final class HandMedium implements SanitizeMedium {
        final BlockingQueue<IoRequest> submitted = new LinkedBlockingQueue<>();
        volatile boolean accepting = true;

        @Override
        public boolean submit(IoRequest request) {
            return accepting && submitted.offer(request);
        }

        @Override
        public Geometry geometry() {
            return GEOMETRY;
        }

        IoRequest next() throws InterruptedException {
            IoRequest request = submitted.poll(10, TimeUnit.SECONDS);
            assertNotNull(request, "the sanitize submitted its next request");
            return request;
        }

        void succeed(IoRequest request) {
            request.onComplete().accept(new IoResult.Success(request));
        }

        void fail(IoRequest request) {
            request.onComplete().accept(new IoResult.Failure(request, new IOException("injected")));
        }

        /** Completes every request until (and including) the final FLUSH. */
        void completeAll() throws InterruptedException {
            while (true) {
                IoRequest request = next();
                succeed(request);
                if (request.operation() == IoRequest.Operation.FLUSH) {
                    return;
                }
            }
        }
    }

    /** One I_T nexus: views and replies in one inbox, in the order the actor sent them. */
    final class Client {
        final Nexus nexus;
        final TestProbe<Object> inbox = testKit.createTestProbe();
        final TestProbe<Object> owner = testKit.createTestProbe();
        final ActorRef<LogicalUnitControl.Command> lu;
        ControlView view;

        Client(ActorRef<LogicalUnitControl.Command> lu, String initiator) {
            this.lu = lu;
            this.nexus = new Nexus(Nexus.initiatorPort(initiator, 1), TARGET_PORT);
            lu.tell(new LogicalUnitControl.Subscribe(nexus, inbox.getRef().narrow(), owner.getRef()));
            view = (ControlView) inbox.receiveMessage();
        }

        void send(ControlRequest request, byte[] parameters) {
            lu.tell(new LogicalUnitControl.Execute(nexus, request, parameters, inbox.getRef().narrow()));
        }

        /** The next reply, taking every view that arrives before it. */
        ControlReply reply() {
            while (true) {
                Object message = inbox.receiveMessage(Duration.ofSeconds(10));
                if (message instanceof ControlView v) {
                    view = v;
                } else {
                    return (ControlReply) message;
                }
            }
        }

        ControlReply execute(ControlRequest request, byte[] parameters) {
            send(request, parameters);
            return reply();
        }

        /** Round-trips a harmless request so that every view pushed before it has arrived. */
        SanitizeStatus status() {
            assertTrue(execute(new ControlRequest.PreventAllow(false), NONE).isGood());
            return view.sanitize();
        }

        /** Takes views until one shows {@code wanted} (the runner reports to the actor on its own time). */
        void awaitStatus(SanitizeStatus wanted) {
            while (!view.sanitize().equals(wanted)) {
                Object message = inbox.receiveMessage(Duration.ofSeconds(10));
                if (message instanceof ControlView v) {
                    view = v;
                }
            }
        }
    }

    private ActorRef<LogicalUnitControl.Command> lu(HandMedium medium, long rate) {
        return testKit.spawn(LogicalUnitControl.create(new LogicalUnitControl.Settings(0, false, null, null, 512,
                false, ModeParameters.DEFAULT, rate), medium));
    }

    private static ControlRequest.Sanitize overwrite(boolean immed, boolean ause) {
        return new ControlRequest.Sanitize(ControlRequest.Sanitize.OVERWRITE, immed, ause);
    }

    private static ControlRequest.Sanitize blockErase(boolean immed, boolean ause) {
        return new ControlRequest.Sanitize(ControlRequest.Sanitize.BLOCK_ERASE, immed, ause);
    }

    private static final ControlRequest.Sanitize EXIT_FAILURE_MODE =
            new ControlRequest.Sanitize(ControlRequest.Sanitize.EXIT_FAILURE_MODE, false, false);

    /** OVERWRITE COUNT 1, a 4-byte pattern. */
    private static byte[] onePass() {
        return new byte[] {0x01, 0, 0, 4, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD};
    }

    private static void assertGood(ControlReply reply) {
        assertEquals(ScsiStatus.GOOD.value(), reply.status(), String.valueOf(reply.sense()));
    }

    private static void assertCheck(ControlReply reply, SenseCode code) {
        assertEquals(ScsiStatus.CHECK_CONDITION.value(), reply.status(), reply.toString());
        assertEquals(code, reply.sense().code());
    }

    @Test
    void everyNexusRefusesWhileASanitizeRunsAndTheCommandIsAnsweredWhenItEnds() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client a = new Client(lu, "iqn.a");
        Client b = new Client(lu, "iqn.b");
        assertEquals(SanitizeStatus.IDLE, a.view.sanitize());
        TestProbe<ControlReply> answer = testKit.createTestProbe();
        lu.tell(new LogicalUnitControl.Execute(a.nexus, overwrite(false, false), onePass(), answer.getRef()));
        IoRequest first = medium.next();
        assertEquals(IoRequest.Operation.WRITE_SAME, first.operation());
        SanitizeStatus seen = b.status();
        assertTrue(seen.inProgress());
        SenseData refusal = seen.refusal(ScsiOpcode.TEST_UNIT_READY.code());
        assertEquals(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS, refusal.code());
        assertEquals(0, refusal.progress().getAsInt());
        assertEquals(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS,
                seen.refusal(ScsiOpcode.READ_16.code()).code());
        assertEquals(SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS,
                seen.refusal(ScsiOpcode.SANITIZE.code()).code());
        assertNull(seen.refusal(ScsiOpcode.INQUIRY.code()));
        assertNull(seen.refusal(ScsiOpcode.REPORT_LUNS.code()));
        assertNull(seen.refusal(ScsiOpcode.REQUEST_SENSE.code()));
        // a second SANITIZE that got past a stale view is refused by the actor itself
        assertCheck(b.execute(blockErase(false, false), NONE), SenseCode.LOGICAL_UNIT_NOT_READY_SANITIZE_IN_PROGRESS);

        medium.succeed(first);
        medium.succeed(medium.next());
        b.awaitStatus(new SanitizeStatus(true, 0x8000, false)); // 2 of 4 MiB
        assertEquals(0x8000, b.view.sanitize().requestSense().progress().getAsInt());
        answer.expectNoMessage(Duration.ofMillis(100)); // no answer yet: IMMED = 0
        medium.completeAll();
        assertGood(answer.receiveMessage(Duration.ofSeconds(10)));
        a.awaitStatus(SanitizeStatus.IDLE);
        b.awaitStatus(SanitizeStatus.IDLE);
    }

    @Test
    void immedAnswersAtOnceAndTheSanitizeGoesOn() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client a = new Client(lu, "iqn.a");
        assertGood(a.execute(blockErase(true, false), NONE));
        assertTrue(a.view.sanitize().inProgress(), "the view changed before the answer");
        IoRequest unmap = medium.next();
        assertEquals(IoRequest.Operation.UNMAP, unmap.operation());
        assertEquals(new IoRequest.Range(0, GEOMETRY.capacityBytes()), unmap.ranges().get(0));
        medium.succeed(unmap);
        medium.completeAll();
        a.awaitStatus(SanitizeStatus.IDLE);
    }

    @Test
    void theSanitizeOutlivesResetsAndTheLossOfTheNexusThatStartedIt() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client starter = new Client(lu, "iqn.starter");
        starter.send(overwrite(false, false), onePass());
        IoRequest first = medium.next();
        lu.tell(new LogicalUnitControl.Reset(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED,
                testKit.<org.apache.pekko.Done>createTestProbe().getRef()));
        lu.tell(new LogicalUnitControl.Reset(SenseCode.POWER_ON_RESET, testKit.<org.apache.pekko.Done>createTestProbe().getRef()));
        starter.owner.stop(); // the session ends: nexus loss
        Client again = new Client(lu, "iqn.starter"); // the initiator logs in again
        assertTrue(again.status().inProgress());
        medium.succeed(first);
        medium.completeAll();
        again.awaitStatus(SanitizeStatus.IDLE);
    }

    @Test
    void aFailedSanitizeEntersFailureModeWhichExitFailureModeEndsWithAuse() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client a = new Client(lu, "iqn.a");
        Client b = new Client(lu, "iqn.b");
        a.send(overwrite(false, true), onePass());
        medium.fail(medium.next());
        assertCheck(a.reply(), SenseCode.SANITIZE_COMMAND_FAILED);
        SanitizeStatus failed = b.status();
        assertTrue(failed.failed());
        assertFalse(failed.inProgress());
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, failed.refusal(ScsiOpcode.READ_10.code()).code());
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, failed.refusal(ScsiOpcode.WRITE_16.code()).code());
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, failed.refusal(ScsiOpcode.SYNCHRONIZE_CACHE_10.code()).code());
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, failed.refusal(ScsiOpcode.UNMAP.code()).code());
        assertNull(failed.refusal(ScsiOpcode.SANITIZE.code()));
        assertNull(failed.refusal(ScsiOpcode.INQUIRY.code()));
        assertNull(failed.refusal(ScsiOpcode.TEST_UNIT_READY.code()), "an initiator can still log in");
        assertNull(failed.refusal(ScsiOpcode.MODE_SENSE_6.code()));
        assertEquals(SenseCode.SANITIZE_COMMAND_FAILED, failed.requestSense().code());
        assertGood(b.execute(EXIT_FAILURE_MODE, NONE));
        assertEquals(SanitizeStatus.IDLE, a.status());
        assertGood(b.execute(EXIT_FAILURE_MODE, NONE)); // outside failure mode: nothing to leave
    }

    @Test
    void withoutAuseOnlyASuccessfulSanitizeWithoutAuseEndsFailureMode() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client a = new Client(lu, "iqn.a");
        a.send(blockErase(false, false), NONE);
        medium.fail(medium.next());
        assertCheck(a.reply(), SenseCode.SANITIZE_COMMAND_FAILED);
        ControlReply exit = a.execute(EXIT_FAILURE_MODE, NONE);
        assertCheck(exit, SenseCode.INVALID_FIELD_IN_CDB);
        assertEquals(SenseData.invalidFieldInCdb(1, 4), exit.sense());
        assertEquals(SenseData.invalidFieldInCdb(1, 5), a.execute(blockErase(false, true), NONE).sense());
        assertTrue(a.status().failed());
        a.send(blockErase(false, false), NONE);
        medium.completeAll();
        assertGood(a.reply());
        assertEquals(SanitizeStatus.IDLE, a.view.sanitize());
    }

    @Test
    void aPipelineThatTakesNothingFailsTheRunAfterItsRetriesAndABusyOneIsAskedAgain() throws Exception {
        HandMedium medium = new HandMedium();
        medium.accepting = false;
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        ActorRef<SanitizeRun.Command> run = testKit.spawn(SanitizeRun.create(
                io.pagewire.streams.pipeline.Sanitization.erase(GEOMETRY), medium, 0, parent.getRef(),
                Duration.ofMillis(10), 5));
        LogicalUnitControl.SanitizeEnded ended = parent.expectMessageClass(LogicalUnitControl.SanitizeEnded.class);
        assertEquals(run, ended.run());
        assertNotNull(ended.failure());

        HandMedium busy = new HandMedium();
        busy.accepting = false;
        TestProbe<LogicalUnitControl.Command> parent2 = testKit.createTestProbe();
        testKit.spawn(SanitizeRun.create(io.pagewire.streams.pipeline.Sanitization.erase(GEOMETRY), busy, 0,
                parent2.getRef(), Duration.ofMillis(10), 1000));
        busy.accepting = true; // the queue has room again: the same request goes in
        busy.completeAll();
        parent2.expectMessageClass(LogicalUnitControl.SanitizeProgress.class);
        parent2.expectMessageClass(LogicalUnitControl.SanitizeProgress.class);
        assertNull(parent2.expectMessageClass(LogicalUnitControl.SanitizeEnded.class).failure());
    }

    @Test
    void aBadOverwriteListStartsNothing() {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client a = new Client(lu, "iqn.a");
        byte[] countZero = onePass();
        countZero[0] = 0;
        assertCheck(a.execute(overwrite(false, false), countZero), SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertEquals(SanitizeStatus.IDLE, a.status());
        assertTrue(medium.submitted.isEmpty());
    }

    @Test
    void anSpc2ReservationOfAnotherNexusIsAConflict() {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 0);
        Client holder = new Client(lu, "iqn.holder");
        Client other = new Client(lu, "iqn.other");
        assertGood(holder.execute(new ControlRequest.Reserve(), NONE));
        assertEquals(ScsiStatus.RESERVATION_CONFLICT.value(), other.execute(blockErase(false, false), NONE).status());
        assertEquals(SanitizeStatus.IDLE, other.status());
    }

    @Test
    void anOverwriteIsPacedToTheSanitizeRate() throws Exception {
        HandMedium medium = new HandMedium();
        ActorRef<LogicalUnitControl.Command> lu = lu(medium, 2L << 20); // 2 MiB/s: 1 MiB requests 0.5 s apart
        Client a = new Client(lu, "iqn.a");
        a.send(overwrite(true, false), onePass());
        long start = System.nanoTime();
        medium.succeed(medium.next());
        medium.succeed(medium.next());
        IoRequest third = medium.next();
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(950), "2 MiB at 2 MiB/s took " + elapsed / 1_000_000 + " ms");
        medium.succeed(third);
        medium.completeAll();
        a.awaitStatus(SanitizeStatus.IDLE);
    }
}
