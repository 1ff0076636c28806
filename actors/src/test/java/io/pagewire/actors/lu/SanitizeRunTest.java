package io.pagewire.actors.lu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.streams.commands.SanitizeParameters;
import io.pagewire.streams.pipeline.IoRequest;
import io.pagewire.streams.pipeline.IoResult;
import io.pagewire.streams.pipeline.Sanitization;
import io.pagewire.streams.spi.Geometry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link SanitizeRun} on its own, against media the test controls: an OVERWRITE is paced by the
 * stream's throttle to the sanitize rate (and erases, or a rate of 0, are not); a refused request is
 * asked again every retry interval and the run fails after its budget; a device error ends the run
 * with its cause; a stopped run submits nothing more; the pace never exceeds the rate.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class SanitizeRunTest {
    private static final long MIB = 1L << 20;
    /** 4 MiB of 512-byte blocks: an overwrite pass is 4 requests of 1 MiB (then a FLUSH). */
    private static final Geometry GEOMETRY = new Geometry(512, 8192);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    /** A device that finishes every request at once, failing the one numbered {@code failAt} (from 1). */
    static final class InstantMedium implements SanitizeMedium {
        final AtomicInteger submitted = new AtomicInteger();
        final int failAt;
        final IOException cause = new IOException("injected");

        InstantMedium(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public boolean submit(IoRequest request) {
            int number = submitted.incrementAndGet();
            request.onComplete().accept(number == failAt ? new IoResult.Failure(request, cause)
                    : new IoResult.Success(request));
            return true;
        }

        @Override
        public Geometry geometry() {
            return GEOMETRY;
        }
    }

    /** A pipeline that takes nothing (queue full): counts how often it was asked. */
    static final class RefusingMedium implements SanitizeMedium {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public boolean submit(IoRequest request) {
            asked.incrementAndGet();
            return false;
        }

        @Override
        public Geometry geometry() {
            return GEOMETRY;
        }
    }

    /** Requests wait here until the test completes them. */
    static final class HandMedium implements SanitizeMedium {
        final BlockingQueue<IoRequest> submitted = new LinkedBlockingQueue<>();

        @Override
        public boolean submit(IoRequest request) {
            return submitted.offer(request);
        }

        @Override
        public Geometry geometry() {
            return GEOMETRY;
        }
    }

    /** OVERWRITE COUNT {@code count}, a 4-byte pattern. */
    private static Sanitization overwrite(int count) {
        byte[] list = {(byte) count, 0, 0, 4, (byte) 0xAA, (byte) 0xBB, (byte) 0xCC, (byte) 0xDD};
        SanitizeParameters.Decoded decoded = SanitizeParameters.decode(list, GEOMETRY.blockSize());
        assertNull(decoded.refusal());
        return Sanitization.overwrite(GEOMETRY, decoded.overwrite());
    }

    private ActorRef<SanitizeRun.Command> run(Sanitization sanitization, SanitizeMedium medium, long rate,
                                              TestProbe<LogicalUnitControl.Command> parent) {
        return testKit.spawn(SanitizeRun.create(sanitization, medium, rate, parent.getRef()));
    }

    /** Every progress report up to the end, then the end. */
    private static List<LogicalUnitControl.Command> untilEnded(TestProbe<LogicalUnitControl.Command> parent) {
        List<LogicalUnitControl.Command> messages = new ArrayList<>();
        while (true) {
            LogicalUnitControl.Command message = parent.receiveMessage(WAIT);
            messages.add(message);
            if (message instanceof LogicalUnitControl.SanitizeEnded) {
                return messages;
            }
        }
    }

    @Test
    void aPacedOverwriteTakesAtLeastItsBytesOverTheRateLessOneStep() {
        long rate = 8 * MIB; // 4 MiB at 8 MiB/s: the first 1 MiB at once, the other 3 MiB in >= 375 ms
        InstantMedium medium = new InstantMedium(0);
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        long start = System.nanoTime();
        ActorRef<SanitizeRun.Command> run = run(overwrite(1), medium, rate, parent);
        List<LogicalUnitControl.Command> messages = untilEnded(parent);
        long elapsed = System.nanoTime() - start;

        long bytes = GEOMETRY.capacityBytes();
        long floor = TimeUnit.SECONDS.toNanos(bytes - Sanitization.OVERWRITE_CHUNK_BYTES) / rate;
        assertTrue(elapsed >= floor, "4 MiB at 8 MiB/s took " + elapsed / 1_000_000 + " ms, less than "
                + floor / 1_000_000 + " ms");
        // progress after every step (4 WRITE SAMEs, the FLUSH), then exactly one end, without error
        assertEquals(List.of(
                new LogicalUnitControl.SanitizeProgress(run, MIB, bytes),
                new LogicalUnitControl.SanitizeProgress(run, 2 * MIB, bytes),
                new LogicalUnitControl.SanitizeProgress(run, 3 * MIB, bytes),
                new LogicalUnitControl.SanitizeProgress(run, 4 * MIB, bytes),
                new LogicalUnitControl.SanitizeProgress(run, 4 * MIB, bytes),
                new LogicalUnitControl.SanitizeEnded(run, null)), messages);
        assertEquals(5, medium.submitted.get());
        parent.expectTerminated(run, WAIT);
    }

    @Test
    void aRefusedSubmitIsAskedAgainEveryIntervalAndTheRunFailsAfterItsBudget() {
        RefusingMedium medium = new RefusingMedium();
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        long start = System.nanoTime();
        ActorRef<SanitizeRun.Command> run = testKit.spawn(SanitizeRun.create(Sanitization.erase(GEOMETRY), medium,
                0, parent.getRef(), Duration.ofMillis(20), 5));
        LogicalUnitControl.SanitizeEnded ended = parent.expectMessageClass(LogicalUnitControl.SanitizeEnded.class,
                WAIT); // first message: no progress was made
        long elapsed = System.nanoTime() - start;

        assertEquals(run, ended.run());
        assertNotNull(ended.failure());
        assertEquals("the I/O pipeline took no request for 100 ms", ended.failure().getMessage());
        assertEquals(6, medium.asked.get(), "the first try and 5 retries");
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(100), "5 retries 20 ms apart took "
                + elapsed / 1_000_000 + " ms");
        parent.expectTerminated(run, WAIT);
        assertEquals(6, medium.asked.get(), "nothing asked after the end");
    }

    @Test
    void theDefaultBudgetIsThirtySecondsOfRetries() {
        assertEquals(Duration.ofSeconds(30), SanitizeRun.RETRY_INTERVAL.multipliedBy(SanitizeRun.MAX_RETRIES));
    }

    @Test
    void anEraseAndAnOverwriteAtRateZeroAreNotPaced() {
        // at 1 byte per second a paced 4 MiB erase would take weeks
        InstantMedium eraseMedium = new InstantMedium(0);
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        ActorRef<SanitizeRun.Command> erase = run(Sanitization.erase(GEOMETRY), eraseMedium, 1, parent);
        List<LogicalUnitControl.Command> messages = untilEnded(parent);
        assertEquals(new LogicalUnitControl.SanitizeEnded(erase, null), messages.get(messages.size() - 1));
        assertEquals(2, eraseMedium.submitted.get(), "one UNMAP of the whole 4 MiB, the FLUSH");

        InstantMedium overwriteMedium = new InstantMedium(0);
        TestProbe<LogicalUnitControl.Command> parent2 = testKit.createTestProbe();
        ActorRef<SanitizeRun.Command> overwrite = run(overwrite(3), overwriteMedium, 0, parent2);
        messages = untilEnded(parent2);
        assertEquals(new LogicalUnitControl.SanitizeEnded(overwrite, null), messages.get(messages.size() - 1));
        assertEquals(13, overwriteMedium.submitted.get(), "3 passes of 4 WRITE SAMEs, the FLUSH");
        assertEquals(new LogicalUnitControl.SanitizeProgress(overwrite, 12 * MIB, 12 * MIB),
                messages.get(messages.size() - 2));
    }

    @Test
    void aDeviceErrorEndsTheRunWithItsCauseAndNothingMoreIsSubmitted() {
        InstantMedium medium = new InstantMedium(2);
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        ActorRef<SanitizeRun.Command> run = run(overwrite(1), medium, 0, parent);
        assertEquals(List.of(
                new LogicalUnitControl.SanitizeProgress(run, MIB, GEOMETRY.capacityBytes()),
                new LogicalUnitControl.SanitizeEnded(run, medium.cause)), untilEnded(parent));
        parent.expectTerminated(run, WAIT);
        assertEquals(2, medium.submitted.get(), "the failed request was the last one");
    }

    @Test
    void anOutcomeOtherThanSuccessOrFailureFailsTheRun() {
        SanitizeMedium miscomparing = new SanitizeMedium() {
            @Override
            public boolean submit(IoRequest request) {
                request.onComplete().accept(new IoResult.Miscompare(request, 0));
                return true;
            }

            @Override
            public Geometry geometry() {
                return GEOMETRY;
            }
        };
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        run(Sanitization.erase(GEOMETRY), miscomparing, 0, parent);
        LogicalUnitControl.SanitizeEnded ended = parent.expectMessageClass(LogicalUnitControl.SanitizeEnded.class,
                WAIT);
        assertInstanceOf(IOException.class, ended.failure());
        assertTrue(ended.failure().getMessage().startsWith("unexpected outcome Miscompare"),
                ended.failure().getMessage());
    }

    @Test
    void aStoppedRunStopsItsStreamAndSubmitsNothingMore() throws Exception {
        // a request in flight when the run stops: its completion starts nothing
        HandMedium medium = new HandMedium();
        TestProbe<LogicalUnitControl.Command> parent = testKit.createTestProbe();
        ActorRef<SanitizeRun.Command> run = run(overwrite(1), medium, 0, parent);
        IoRequest first = medium.submitted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(first);
        testKit.stop(run, WAIT);
        first.onComplete().accept(new IoResult.Success(first));
        assertNull(medium.submitted.poll(300, TimeUnit.MILLISECONDS), "a request after the run stopped");
        parent.expectNoMessage(Duration.ofMillis(50));

        // a retry pending when the run stops: its timer died with the stream
        RefusingMedium refusing = new RefusingMedium();
        ActorRef<SanitizeRun.Command> retrying = testKit.spawn(SanitizeRun.create(Sanitization.erase(GEOMETRY),
                refusing, 0, parent.getRef(), Duration.ofMillis(50), 1000));
        parent.awaitAssert(WAIT, () -> {
            assertTrue(refusing.asked.get() >= 1);
            return null;
        });
        testKit.stop(retrying, WAIT);
        int asked = refusing.asked.get();
        parent.expectNoMessage(Duration.ofMillis(300)); // six retry intervals
        assertEquals(asked, refusing.asked.get(), "asked again after the run stopped");
    }

    @Test
    void thePaceIsNeverFasterThanTheRateAndCloseToIt() {
        for (long rate : new long[] {1, 1000, 512 * 1024, 2 * MIB, 16 * MIB, 64 * MIB, 1L << 30, 10L << 30,
                Long.MAX_VALUE / 4}) {
            SanitizeRun.Pace pace = SanitizeRun.Pace.of(rate);
            double paced = (double) pace.tokens() * pace.unitBytes() * 1e9 / pace.period().toNanos();
            assertTrue(paced <= rate, rate + " B/s paced at " + paced);
            assertTrue(paced >= rate * 0.998, rate + " B/s paced at " + paced);
            assertTrue(pace.period().toNanos() >= pace.tokens(), "throttle needs <= 1 token per ns");
            assertEquals(0, pace.period().toNanos() % pace.tokens(), "whole nanoseconds between tokens");
            assertEquals(pace.cost(Sanitization.OVERWRITE_CHUNK_BYTES), pace.burst(), "one request bursts");
            assertTrue((long) pace.cost(512) * pace.unitBytes() >= 512, "a step's cost rounds up");
        }
    }
}
