package io.pagewire.actors.lu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pagewire.protocol.scsi.ScsiOpcode;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.streams.commands.ControlRequest;
import io.pagewire.streams.commands.ControlRequest.PersistentReserveIn;
import io.pagewire.streams.commands.ControlRequest.PersistentReserveOut;
import io.pagewire.streams.commands.ModeParameters;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LU control actor's state machine: every PERSISTENT RESERVE OUT service action and type, the
 * access each type leaves to holder, registrant and stranger (SPC-4 §5.13.1 table 64), unit
 * attentions and who gets them, SPC-2 RESERVE/RELEASE, resets, nexus loss and APTPL across restarts.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class LogicalUnitControlTest {
    private static final String TARGET_PORT = "iqn.2026-11.io.pagewire:test,t,0x0001";
    private static final int WE = 1;
    private static final int EA = 3;
    private static final int WE_RO = 5;
    private static final int EA_RO = 6;
    private static final int WE_AR = 7;
    private static final int EA_AR = 8;

    @JUnit5TestKit
    ActorTestKit testKit = new JUnit5TestKitBuilder().build();

    @TempDir
    Path dir;

    /**
     * One I_T nexus: its subscription and its session (the owner whose end is the nexus loss). Views
     * and replies arrive in one inbox, so a reply comes after every view the actor pushed before it.
     */
    final class Client {
        final Nexus nexus;
        final TestProbe<Object> inbox = testKit.createTestProbe();
        final TestProbe<Object> owner = testKit.createTestProbe();
        /** Where PREEMPT AND ABORT asks this nexus's session to abort its tasks (when it runs tasks). */
        final TestProbe<LogicalUnitControl.AbortTasks> aborts = testKit.createTestProbe();
        final ActorRef<LogicalUnitControl.Command> lu;
        ControlView view;

        Client(ActorRef<LogicalUnitControl.Command> lu, String initiator, long isid) {
            this(lu, initiator, isid, false);
        }

        /** @param runsTasks the session takes {@link LogicalUnitControl.AbortTasks} (as a real session does) */
        Client(ActorRef<LogicalUnitControl.Command> lu, String initiator, long isid, boolean runsTasks) {
            this.lu = lu;
            this.nexus = new Nexus(Nexus.initiatorPort(initiator, isid), TARGET_PORT);
            lu.tell(new LogicalUnitControl.Subscribe(nexus, inbox.getRef().narrow(), owner.getRef(),
                    runsTasks ? aborts.getRef() : null));
            view = (ControlView) inbox.receiveMessage();
        }

        /** Sends a command without waiting for its answer. */
        void send(ControlRequest request, byte[] parameters) {
            lu.tell(new LogicalUnitControl.Execute(nexus, request, parameters, inbox.getRef().narrow()));
        }

        /** The answer to a command sent earlier, after the views pushed before it. */
        ControlReply answer() {
            while (true) {
                Object message = inbox.receiveMessage(Duration.ofSeconds(5));
                if (message instanceof ControlView v) {
                    view = v;
                } else {
                    return (ControlReply) message;
                }
            }
        }

        /** Takes the views that arrive within a moment; fails if an answer comes among them. */
        void noAnswerYet() {
            while (true) {
                Object message;
                try {
                    message = inbox.receiveMessage(Duration.ofMillis(300));
                } catch (AssertionError quiet) {
                    return;
                }
                if (!(message instanceof ControlView v)) {
                    throw new AssertionError("answered too early: " + message);
                }
                view = v;
            }
        }

        ControlReply execute(ControlRequest request, byte[] parameters) {
            lu.tell(new LogicalUnitControl.Execute(nexus, request, parameters, inbox.getRef().narrow()));
            while (true) {
                Object message = inbox.receiveMessage();
                if (message instanceof ControlView v) {
                    view = v;
                } else {
                    return (ControlReply) message;
                }
            }
        }

        ControlReply out(int action, int type, long key, long serviceActionKey, int flags) {
            return execute(new PersistentReserveOut(action, 0, type), list(key, serviceActionKey, flags));
        }

        ControlReply register(long key) {
            return out(PersistentReserveOut.REGISTER, 0, 0, key, 0);
        }

        ControlReply reserve(int type, long key) {
            return out(PersistentReserveOut.RESERVE, type, key, 0, 0);
        }

        byte[] in(int action) {
            ControlReply reply = execute(new PersistentReserveIn(action, 8192), new byte[0]);
            assertTrue(reply.isGood(), reply.toString());
            return reply.dataIn();
        }

        /** Round-trips a harmless request so that every view pushed before it has arrived. */
        void settle() {
            execute(new PersistentReserveIn(PersistentReserveIn.READ_KEYS, 8), new byte[0]);
        }

        /** Clears every unit attention this nexus is owed, as a session that reported them does. */
        void clearAttentions() {
            settle();
            if (!view.attentions().isEmpty()) {
                lu.tell(new LogicalUnitControl.AttentionsReported(nexus, view.attentions()
                        .get(view.attentions().size() - 1).id()));
                settle();
            }
        }

        List<SenseCode> attentions() {
            settle();
            return view.attentions().stream().map(UnitAttention::code).toList();
        }
    }

    private ActorRef<LogicalUnitControl.Command> lu(Path reservationFile) {
        return testKit.spawn(LogicalUnitControl.create(new LogicalUnitControl.Settings(0, true, reservationFile)));
    }

    private static byte[] list(long key, long serviceActionKey, int flags) {
        byte[] b = new byte[24];
        ByteBuffer.wrap(b).putLong(0, key).putLong(8, serviceActionKey);
        b[20] = (byte) flags;
        return b;
    }

    private static void assertConflict(ControlReply reply) {
        assertEquals(ScsiStatus.RESERVATION_CONFLICT.value(), reply.status(), reply.toString());
    }

    private static void assertGood(ControlReply reply) {
        assertEquals(ScsiStatus.GOOD.value(), reply.status(), String.valueOf(reply.sense()));
    }

    private static void assertCheck(ControlReply reply, SenseCode code) {
        assertEquals(ScsiStatus.CHECK_CONDITION.value(), reply.status(), reply.toString());
        assertEquals(code, reply.sense().code());
    }

    private static int generation(byte[] data) {
        return ByteBuffer.wrap(data).getInt(0);
    }

    private static long[] keys(byte[] readKeys) {
        ByteBuffer b = ByteBuffer.wrap(readKeys);
        long[] keys = new long[b.getInt(4) / 8];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = b.getLong(8 + 8 * i);
        }
        return keys;
    }

    // ---- unit attentions ---------------------------------------------------------------------------

    @Test
    void everyNewNexusIsOwedPowerOnOnceAndTheSameNexusAgainAfterItsLoss() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        assertEquals(List.of(SenseCode.POWER_ON_RESET), a.attentions());
        a.clearAttentions();
        assertEquals(List.of(), a.view.attentions());
        Client again = new Client(lu, "iqn.a", 1); // same nexus, a second subscription while the first lives
        assertEquals(List.of(), again.view.attentions());
        Client otherIsid = new Client(lu, "iqn.a", 2);
        assertEquals(List.of(SenseCode.POWER_ON_RESET), otherIsid.attentions());
    }

    @Test
    void powerOnAttentionCanBeOff() {
        ActorRef<LogicalUnitControl.Command> lu =
                testKit.spawn(LogicalUnitControl.create(new LogicalUnitControl.Settings(3, false, null)));
        Client a = new Client(lu, "iqn.a", 1);
        assertEquals(List.of(), a.view.attentions());
        assertEquals(3, a.view.lun());
    }

    @Test
    void aResetOwesEveryNexusAnAttentionAndEndsTheSpc2Reservation() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        a.clearAttentions();
        b.clearAttentions();
        assertGood(a.execute(new ControlRequest.Reserve(), new byte[0]));
        b.settle();
        assertTrue(b.view.reservedByOther());
        TestProbe<Done> acknowledged = testKit.createTestProbe();
        lu.tell(new LogicalUnitControl.Reset(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED, acknowledged.getRef()));
        acknowledged.expectMessage(Done.getInstance());
        assertEquals(List.of(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED), b.attentions());
        assertFalse(b.view.reservedByOther());
        assertEquals(List.of(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED), a.attentions()); // the issuer too
    }

    // ---- SPC-2 RESERVE / RELEASE ---------------------------------------------------------------------

    @Test
    void spc2ReservationConflictsForOthersReleaseByOthersIsANoOpAndNexusLossEndsIt() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertGood(a.execute(new ControlRequest.Reserve(), new byte[0]));
        assertGood(a.execute(new ControlRequest.Reserve(), new byte[0])); // again by the holder
        assertConflict(b.execute(new ControlRequest.Reserve(), new byte[0]));
        assertGood(b.execute(new ControlRequest.Release(), new byte[0]));
        assertTrue(b.view.reservedByOther());
        assertFalse(a.view.reservedByOther());
        assertTrue(AccessRules.conflicts(b.view, ScsiOpcode.TEST_UNIT_READY.code()));
        assertTrue(AccessRules.conflicts(b.view, ScsiOpcode.READ_10.code()));
        assertFalse(AccessRules.conflicts(b.view, ScsiOpcode.INQUIRY.code()));
        assertFalse(AccessRules.conflicts(b.view, ScsiOpcode.RELEASE_6.code()));
        assertConflict(b.execute(new PersistentReserveIn(PersistentReserveIn.READ_KEYS, 8), new byte[0]));
        a.owner.stop();
        b.inbox.awaitAssert(Duration.ofSeconds(3), () -> {
            b.settle();
            assertFalse(b.view.reservedByOther());
            return null;
        });
    }

    @Test
    void reserveAndReleaseConflictWhileRegistrationsExist() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        assertGood(a.register(0xA));
        assertConflict(a.execute(new ControlRequest.Reserve(), new byte[0]));
        assertConflict(a.execute(new ControlRequest.Release(), new byte[0]));
    }

    // ---- REGISTER ------------------------------------------------------------------------------------

    @Test
    void registerChangesAndRemovesKeysAndCountsGenerations() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        byte[] keys = a.in(PersistentReserveIn.READ_KEYS);
        assertEquals(2, generation(keys));
        assertArrayEquals(new long[] {0xA, 0xB}, keys(keys));
        assertConflict(a.out(PersistentReserveOut.REGISTER, 0, 0x99, 0xAA, 0)); // wrong key
        assertConflict(new Client(lu, "iqn.c", 1).out(PersistentReserveOut.REGISTER, 0, 0x5, 0xC, 0));
        assertGood(a.out(PersistentReserveOut.REGISTER, 0, 0xA, 0xAA, 0));
        assertGood(b.out(PersistentReserveOut.REGISTER_AND_IGNORE_EXISTING_KEY, 0, 0x1234, 0xBB, 0));
        assertArrayEquals(new long[] {0xAA, 0xBB}, keys(a.in(PersistentReserveIn.READ_KEYS)));
        assertGood(a.out(PersistentReserveOut.REGISTER, 0, 0xAA, 0, 0)); // unregister
        keys = a.in(PersistentReserveIn.READ_KEYS);
        assertArrayEquals(new long[] {0xBB}, keys(keys));
        assertEquals(5, generation(keys));
        assertGood(a.register(0)); // unregistered, key 0: nothing happens
        assertEquals(5, generation(a.in(PersistentReserveIn.READ_KEYS)));
    }

    @Test
    void unsupportedParameterBitsAreInvalidFieldsInTheParameterList() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        assertCheck(a.out(PersistentReserveOut.REGISTER, 0, 0, 0xA, PersistentReservations.SPEC_I_PT),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertCheck(a.out(PersistentReserveOut.REGISTER, 0, 0, 0xA, PersistentReservations.ALL_TG_PT),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        // A memory LU cannot persist: APTPL is refused.
        assertCheck(a.out(PersistentReserveOut.REGISTER, 0, 0, 0xA, PersistentReservations.APTPL),
                SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
    }

    // ---- RESERVE and the access of each type ---------------------------------------------------------

    @Test
    void eachTypeLeavesHolderRegistrantAndStrangerTheAccessOfTable64() {
        // type -> {registrant read conflict, registrant write conflict, stranger read, stranger write}
        int[][] expected = {
                {WE, 0, 1, 0, 1}, {EA, 1, 1, 1, 1}, {WE_RO, 0, 0, 0, 1}, {EA_RO, 0, 0, 1, 1},
                {WE_AR, 0, 0, 0, 1}, {EA_AR, 0, 0, 1, 1}};
        for (int[] row : expected) {
            ActorRef<LogicalUnitControl.Command> lu = lu(null);
            Client holder = new Client(lu, "iqn.holder", 1);
            Client registrant = new Client(lu, "iqn.registrant", 1);
            Client stranger = new Client(lu, "iqn.stranger", 1);
            assertGood(holder.register(0x1));
            assertGood(registrant.register(0x2));
            assertGood(holder.reserve(row[0], 0x1));
            holder.settle();
            registrant.settle();
            stranger.settle();
            String type = "type " + row[0];
            assertFalse(holder.view.readConflict() || holder.view.writeConflict(), type);
            assertEquals(row[1] == 1, registrant.view.readConflict(), type);
            assertEquals(row[2] == 1, registrant.view.writeConflict(), type);
            assertEquals(row[3] == 1, stranger.view.readConflict(), type);
            assertEquals(row[4] == 1, stranger.view.writeConflict(), type);
            assertEquals(row[3] == 1, AccessRules.conflicts(stranger.view, ScsiOpcode.READ_16.code()), type);
            assertTrue(AccessRules.conflicts(stranger.view, ScsiOpcode.WRITE_10.code()), type);
            assertFalse(AccessRules.conflicts(stranger.view, ScsiOpcode.TEST_UNIT_READY.code()), type);
            assertFalse(AccessRules.conflicts(stranger.view, ScsiOpcode.PERSISTENT_RESERVE_OUT.code()), type);
            assertFalse(AccessRules.conflicts(stranger.view, ScsiOpcode.INQUIRY.code()), type);
        }
    }

    @Test
    void reserveNeedsTheRightKeyAndConflictsWithAnotherReservation() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertConflict(a.reserve(WE, 0xA)); // not registered
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertConflict(a.reserve(WE, 0xB));
        assertGood(a.reserve(WE, 0xA));
        assertGood(a.reserve(WE, 0xA)); // the holder, same type
        assertConflict(a.reserve(EA, 0xA)); // the holder, another type
        assertConflict(b.reserve(WE, 0xB));
        byte[] r = b.in(PersistentReserveIn.READ_RESERVATION);
        assertEquals(16, ByteBuffer.wrap(r).getInt(4));
        assertEquals(0xA, ByteBuffer.wrap(r).getLong(8));
        assertEquals(WE, r[21]);
        assertEquals(2, generation(r)); // RESERVE does not count
    }

    @Test
    void allRegistrantsReservationReportsKeyZeroAndOutlivesItsCreator() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(EA_AR, 0xA));
        assertGood(b.reserve(EA_AR, 0xB)); // every registrant holds it
        byte[] r = a.in(PersistentReserveIn.READ_RESERVATION);
        assertEquals(0, ByteBuffer.wrap(r).getLong(8));
        assertEquals(EA_AR, r[21]);
        assertGood(a.out(PersistentReserveOut.REGISTER, 0, 0xA, 0, 0));
        assertEquals(EA_AR, b.in(PersistentReserveIn.READ_RESERVATION)[21]);
        assertGood(b.out(PersistentReserveOut.REGISTER, 0, 0xB, 0, 0)); // the last registrant leaves
        assertEquals(0, ByteBuffer.wrap(b.in(PersistentReserveIn.READ_RESERVATION)).getInt(4));
    }

    @Test
    void holderOfARegistrantsOnlyReservationLeavingReleasesItWithAnAttention() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        a.clearAttentions();
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(WE_RO, 0xA));
        assertGood(a.out(PersistentReserveOut.REGISTER, 0, 0xA, 0, 0));
        assertEquals(List.of(SenseCode.RESERVATIONS_RELEASED), b.attentions());
        assertEquals(0, ByteBuffer.wrap(b.in(PersistentReserveIn.READ_RESERVATION)).getInt(4));
    }

    // ---- RELEASE -------------------------------------------------------------------------------------

    @Test
    void releaseByTheHolderOfTheRightTypeOnly() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        a.clearAttentions();
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(EA_RO, 0xA));
        assertGood(b.out(PersistentReserveOut.RELEASE, EA_RO, 0xB, 0, 0)); // not the holder: nothing
        assertEquals(EA_RO, a.in(PersistentReserveIn.READ_RESERVATION)[21]);
        assertConflict(a.out(PersistentReserveOut.RELEASE, EA_RO, 0xB, 0, 0)); // wrong key
        assertCheck(a.out(PersistentReserveOut.RELEASE, WE, 0xA, 0, 0),
                SenseCode.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        assertGood(a.out(PersistentReserveOut.RELEASE, EA_RO, 0xA, 0, 0));
        assertEquals(0, ByteBuffer.wrap(a.in(PersistentReserveIn.READ_RESERVATION)).getInt(4));
        assertEquals(List.of(SenseCode.RESERVATIONS_RELEASED), b.attentions());
        assertEquals(List.of(), a.attentions());
    }

    @Test
    void releaseOfWriteExclusiveOwesNobodyAnAttention() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(WE, 0xA));
        assertGood(a.out(PersistentReserveOut.RELEASE, WE, 0xA, 0, 0));
        assertEquals(List.of(), b.attentions());
    }

    // ---- CLEAR ---------------------------------------------------------------------------------------

    @Test
    void clearRemovesEverythingAndTellsTheOthers() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        a.clearAttentions();
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(EA, 0xA));
        assertConflict(b.out(PersistentReserveOut.CLEAR, 0, 0xC, 0, 0));
        assertGood(b.out(PersistentReserveOut.CLEAR, 0, 0xB, 0, 0));
        byte[] keys = a.in(PersistentReserveIn.READ_KEYS);
        assertEquals(0, keys(keys).length);
        assertEquals(3, generation(keys));
        assertEquals(List.of(SenseCode.RESERVATIONS_PREEMPTED), a.attentions());
        assertEquals(List.of(), b.attentions());
        assertFalse(a.view.readConflict());
    }

    // ---- PREEMPT / PREEMPT AND ABORT -------------------------------------------------------------------

    @Test
    void preemptingTheHoldersKeyTakesTheReservation() {
        for (int action : new int[] {PersistentReserveOut.PREEMPT, PersistentReserveOut.PREEMPT_AND_ABORT}) {
            ActorRef<LogicalUnitControl.Command> lu = lu(null);
            Client a = new Client(lu, "iqn.a", 1);
            Client b = new Client(lu, "iqn.b", 1);
            a.clearAttentions();
            b.clearAttentions();
            assertGood(a.register(0xA));
            assertGood(b.register(0xB));
            assertGood(a.reserve(WE, 0xA));
            assertGood(b.out(action, EA, 0xB, 0xA, 0));
            byte[] r = b.in(PersistentReserveIn.READ_RESERVATION);
            assertEquals(0xB, ByteBuffer.wrap(r).getLong(8));
            assertEquals(EA, r[21]);
            assertArrayEquals(new long[] {0xB}, keys(b.in(PersistentReserveIn.READ_KEYS)));
            assertEquals(List.of(SenseCode.REGISTRATIONS_PREEMPTED), a.attentions());
            assertTrue(a.view.readConflict() && a.view.writeConflict());
        }
    }

    @Test
    void preemptingAnotherKeyRemovesOnlyRegistrations() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        Client c = new Client(lu, "iqn.c", 1);
        c.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(c.register(0xC));
        assertCheck(a.out(PersistentReserveOut.PREEMPT, 0, 0xA, 0, 0), SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertConflict(a.out(PersistentReserveOut.PREEMPT, 0, 0xA, 0x77, 0)); // nobody has that key
        assertConflict(a.out(PersistentReserveOut.PREEMPT, 0, 0x77, 0xC, 0)); // wrong own key
        assertGood(b.reserve(WE, 0xB));
        assertGood(a.out(PersistentReserveOut.PREEMPT, 0, 0xA, 0xC, 0));
        assertArrayEquals(new long[] {0xA, 0xB}, keys(a.in(PersistentReserveIn.READ_KEYS)));
        assertEquals(0xB, ByteBuffer.wrap(a.in(PersistentReserveIn.READ_RESERVATION)).getLong(8));
        assertEquals(List.of(SenseCode.REGISTRATIONS_PREEMPTED), c.attentions());
    }

    @Test
    void preemptingAnAllRegistrantsReservationWithKeyZeroRemovesEveryOther() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.reserve(WE_AR, 0xA));
        assertGood(a.out(PersistentReserveOut.PREEMPT, WE, 0xA, 0, 0));
        assertArrayEquals(new long[] {0xA}, keys(a.in(PersistentReserveIn.READ_KEYS)));
        byte[] r = a.in(PersistentReserveIn.READ_RESERVATION);
        assertEquals(WE, r[21]);
        assertEquals(0xA, ByteBuffer.wrap(r).getLong(8));
        assertTrue(b.attentions().contains(SenseCode.REGISTRATIONS_PREEMPTED));
    }

    /**
     * PREEMPT AND ABORT (SPC-4 §5.12.11.2.6): the preempted nexus's session is asked to abort its tasks
     * of this LU, the issuer's is not; GOOD comes only after that session reported its device I/O
     * returned, and after the views owing it REGISTRATIONS PREEMPTED and, having had tasks aborted,
     * COMMANDS CLEARED BY ANOTHER INITIATOR (SAM-5 §5.6, TAS = 0).
     */
    @Test
    void preemptAndAbortAnswersOnlyAfterThePreemptedSessionAbortedItsTasks() {
        ActorRef<LogicalUnitControl.Command> lu = testKit.spawn(LogicalUnitControl.create(
                new LogicalUnitControl.Settings(4, true, null)));
        Client a = new Client(lu, "iqn.a", 1, true);
        Client b = new Client(lu, "iqn.b", 1, true);
        Client c = new Client(lu, "iqn.c", 1, true);
        a.clearAttentions();
        b.clearAttentions();
        c.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(c.register(0xC));
        assertGood(b.reserve(WE_RO, 0xB));

        a.send(new PersistentReserveOut(PersistentReserveOut.PREEMPT_AND_ABORT, 0, WE_RO), list(0xA, 0xB, 0));
        LogicalUnitControl.AbortTasks abort = b.aborts.receiveMessage();
        assertEquals(4, abort.lun());
        a.noAnswerYet();
        a.aborts.expectNoMessage(Duration.ofMillis(100));
        c.aborts.expectNoMessage(Duration.ofMillis(100));
        b.settle();
        assertEquals(List.of(SenseCode.REGISTRATIONS_PREEMPTED), b.view.attentions().stream()
                .map(UnitAttention::code).toList(), "the new state is in the views before the abort");
        assertTrue(b.view.writeConflict());

        lu.tell(new LogicalUnitControl.TasksAborted(abort.fence() + 1, abort.token(), true)); // another fence
        a.noAnswerYet();
        abort.replyTo().tell(new LogicalUnitControl.TasksAborted(abort.fence(), abort.token(), true));
        assertGood(a.answer());
        assertEquals(List.of(SenseCode.REGISTRATIONS_PREEMPTED, SenseCode.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR),
                b.attentions());
        assertEquals(List.of(), c.attentions(), "registrations with other keys are not preempted");
        assertEquals(List.of(), a.attentions());
        assertArrayEquals(new long[] {0xA, 0xC}, keys(a.in(PersistentReserveIn.READ_KEYS)));
        byte[] r = a.in(PersistentReserveIn.READ_RESERVATION);
        assertEquals(0xA, ByteBuffer.wrap(r).getLong(8));
        assertEquals(WE_RO, r[21]);
    }

    @Test
    void aPreemptedSessionWithNoTasksIsNotOwedCommandsCleared() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1, true);
        Client b = new Client(lu, "iqn.b", 1, true);
        b.clearAttentions();
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        a.send(new PersistentReserveOut(PersistentReserveOut.PREEMPT_AND_ABORT, 0, 0), list(0xA, 0xB, 0));
        LogicalUnitControl.AbortTasks abort = b.aborts.receiveMessage();
        abort.replyTo().tell(new LogicalUnitControl.TasksAborted(abort.fence(), abort.token(), false));
        assertGood(a.answer());
        assertEquals(List.of(SenseCode.REGISTRATIONS_PREEMPTED), b.attentions());
    }

    /** Every session of every nexus with the preempted key is asked; one not logged in has nothing to abort. */
    @Test
    void everyPreemptedSessionIsAskedAndAPreemptedNexusNotLoggedInIsNot() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1, true);
        Client b1 = new Client(lu, "iqn.b", 1, true);
        Client b2 = new Client(lu, "iqn.b", 2, true);
        Client gone = new Client(lu, "iqn.gone", 1, true);
        assertGood(a.register(0xA));
        assertGood(b1.register(0xB));
        assertGood(b2.register(0xB));
        assertGood(gone.register(0xB));
        a.settle();
        gone.owner.stop(); // its registration stays; its session is gone
        a.inbox.expectMessageClass(ControlView.class); // pushed when the control actor saw the session end
        a.send(new PersistentReserveOut(PersistentReserveOut.PREEMPT_AND_ABORT, 0, 0), list(0xA, 0xB, 0));
        LogicalUnitControl.AbortTasks first = b1.aborts.receiveMessage();
        LogicalUnitControl.AbortTasks second = b2.aborts.receiveMessage();
        gone.aborts.expectNoMessage(Duration.ofMillis(100));
        first.replyTo().tell(new LogicalUnitControl.TasksAborted(first.fence(), first.token(), false));
        a.noAnswerYet();
        second.replyTo().tell(new LogicalUnitControl.TasksAborted(second.fence(), second.token(), false));
        assertGood(a.answer());
        assertArrayEquals(new long[] {0xA}, keys(a.in(PersistentReserveIn.READ_KEYS)));
    }

    /**
     * A preempted session whose connection is gone may still have I/O in a device: it is waited for
     * until its actor stops, then not any more.
     */
    @Test
    void aPreemptedSessionIsWaitedForUntilItStops() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1, true);
        Client b = new Client(lu, "iqn.b", 1, true);
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        lu.tell(new LogicalUnitControl.Unsubscribe(b.nexus, b.inbox.getRef().narrow())); // connection gone, I/O not yet
        a.send(new PersistentReserveOut(PersistentReserveOut.PREEMPT_AND_ABORT, 0, 0), list(0xA, 0xB, 0));
        b.aborts.receiveMessage();
        a.noAnswerYet();
        b.owner.stop();
        assertGood(a.answer());
    }

    @Test
    void plainPreemptAbortsNothing() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1, true);
        Client b = new Client(lu, "iqn.b", 1, true);
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(a.out(PersistentReserveOut.PREEMPT, 0, 0xA, 0xB, 0));
        b.aborts.expectNoMessage(Duration.ofMillis(200));
        assertConflict(a.out(PersistentReserveOut.PREEMPT_AND_ABORT, 0, 0xA, 0xB, 0)); // nobody has 0xB now
        b.aborts.expectNoMessage(Duration.ofMillis(200));
    }

    // ---- REGISTER AND MOVE -----------------------------------------------------------------------------

    @Test
    void registerAndMoveHandsTheReservationToTheNexusOfTheTransportId() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client c = new Client(lu, "iqn.c", 0x23);
        assertGood(a.register(0xA));
        assertGood(a.reserve(WE, 0xA));
        byte[] id = c.nexus.transportId();
        byte[] move = new byte[24 + id.length];
        ByteBuffer.wrap(move).putLong(0, 0xA).putLong(8, 0xC).putShort(18, (short) 1).putInt(20, id.length);
        move[17] = PersistentReservations.UNREG;
        System.arraycopy(id, 0, move, 24, id.length);
        ControlRequest request = new PersistentReserveOut(PersistentReserveOut.REGISTER_AND_MOVE, 0, WE);
        assertConflict(c.execute(request, move)); // c is not registered
        assertGood(a.execute(request, move));
        assertArrayEquals(new long[] {0xC}, keys(a.in(PersistentReserveIn.READ_KEYS)));
        assertEquals(0xC, ByteBuffer.wrap(a.in(PersistentReserveIn.READ_RESERVATION)).getLong(8));
        c.settle();
        assertFalse(c.view.writeConflict());
        a.settle();
        assertTrue(a.view.writeConflict());
    }

    @Test
    void readFullStatusNamesEachRegistrantByTransportIdAndMarksTheHolder() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 2);
        assertGood(a.register(0xA));
        assertGood(b.register(0xB));
        assertGood(b.reserve(EA_RO, 0xB));
        ByteBuffer s = ByteBuffer.wrap(a.in(PersistentReserveIn.READ_FULL_STATUS));
        int idA = a.nexus.transportId().length;
        int idB = b.nexus.transportId().length;
        assertEquals(24 + idA + 24 + idB, s.getInt(4));
        assertEquals(0xA, s.getLong(8));
        assertEquals(0, s.get(8 + 12)); // not the holder
        assertEquals(idA, s.getInt(8 + 20));
        int second = 8 + 24 + idA;
        assertEquals(0xB, s.getLong(second));
        assertEquals(1, s.get(second + 12)); // R_HOLDER
        assertEquals(EA_RO, s.get(second + 13));
        assertEquals(1, s.getShort(second + 18));
        byte[] id = new byte[idB];
        s.get(second + 24, id);
        assertArrayEquals(b.nexus.transportId(), id);
        assertEquals(b.nexus.initiatorPort(), TransportIds.initiatorPort(id, 0, id.length));
    }

    @Test
    void reportCapabilitiesSaysWhichTypesAndWhetherApTplCanBeKept() {
        Client memory = new Client(lu(null), "iqn.a", 1);
        byte[] caps = memory.in(PersistentReserveIn.REPORT_CAPABILITIES);
        assertArrayEquals(new byte[] {0, 8, 0, (byte) 0x80, (byte) 0xEA, 0x01, 0, 0}, caps);
        Client file = new Client(lu(dir.resolve("lun.img.pr")), "iqn.a", 1);
        assertEquals(0x01, file.in(PersistentReserveIn.REPORT_CAPABILITIES)[2]); // PTPL_C
    }

    @Test
    void readKeysIsCutToTheAllocationLength() {
        Client a = new Client(lu(null), "iqn.a", 1);
        assertGood(a.register(0xA));
        ControlReply reply = a.execute(new PersistentReserveIn(PersistentReserveIn.READ_KEYS, 4), new byte[0]);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, reply.dataIn());
    }

    // ---- APTPL -----------------------------------------------------------------------------------------

    @Test
    void aptplKeepsRegistrationsAndTheReservationAcrossARestart() throws Exception {
        Path file = dir.resolve("lun.img.pr");
        ActorRef<LogicalUnitControl.Command> first = lu(file);
        Client a = new Client(first, "iqn.a", 1);
        assertGood(a.out(PersistentReserveOut.REGISTER, 0, 0, 0xA, PersistentReservations.APTPL));
        assertGood(a.reserve(EA, 0xA));
        assertTrue(Files.isRegularFile(file));
        testKit.stop(first);

        ActorRef<LogicalUnitControl.Command> second = lu(file);
        Client b = new Client(second, "iqn.b", 1);
        byte[] keys = b.in(PersistentReserveIn.READ_KEYS);
        assertArrayEquals(new long[] {0xA}, keys(keys));
        assertEquals(1, generation(keys));
        assertEquals(EA, b.in(PersistentReserveIn.READ_RESERVATION)[21]);
        assertTrue(b.view.readConflict());
        assertEquals(0x01, b.in(PersistentReserveIn.REPORT_CAPABILITIES)[3] & 0x01); // PTPL_A
        Client back = new Client(second, "iqn.a", 1);
        assertEquals(List.of(SenseCode.POWER_ON_RESET), back.attentions());
        assertFalse(back.view.readConflict());

        // A REGISTER without APTPL turns it off: nothing is kept any more.
        assertGood(back.out(PersistentReserveOut.REGISTER, 0, 0xA, 0xA1, 0));
        assertFalse(Files.exists(file));
    }

    @Test
    void unreadableReservationFileStartsEmpty() throws Exception {
        Path file = dir.resolve("bad.pr");
        Files.writeString(file, "generation=x\n");
        Client a = new Client(lu(file), "iqn.a", 1);
        assertEquals(0, keys(a.in(PersistentReserveIn.READ_KEYS)).length);
        assertNull(a.view.pendingAfter(Long.MAX_VALUE));
    }

    // ---- MODE SELECT ------------------------------------------------------------------------------------

    /** MODE SELECT(6) list: header and the Control page with D_SENSE and SWP as given. */
    private static byte[] controlPage(boolean descriptorSense, boolean softwareWriteProtect) {
        return new byte[] {0, 0, 0, 0, 0x0A, 0x0A, (byte) (0x02 | (descriptorSense ? 0x04 : 0)), 0x10,
                (byte) (softwareWriteProtect ? 0x08 : 0), 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0};
    }

    @Test
    void modeSelectChangesTheViewsAndOwesTheOtherNexusesModeParametersChanged() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        a.clearAttentions();
        b.clearAttentions();
        assertEquals(ModeParameters.DEFAULT, a.view.mode());
        assertNull(a.view.savedMode());
        assertGood(a.execute(new ControlRequest.ModeSelect(false, false), controlPage(true, true)));
        assertEquals(new ModeParameters(true, true, true), a.view.mode());
        assertEquals(List.of(SenseCode.MODE_PARAMETERS_CHANGED), b.attentions());
        assertEquals(new ModeParameters(true, true, true), b.view.mode());
        assertEquals(List.of(), a.attentions());
        // Saving needs a file; a fixed field changed is refused and changes nothing.
        assertCheck(a.execute(new ControlRequest.ModeSelect(true, false), controlPage(false, false)),
                SenseCode.INVALID_FIELD_IN_CDB);
        byte[] bad = controlPage(false, false);
        bad[7] = 0;
        assertCheck(a.execute(new ControlRequest.ModeSelect(false, false), bad), SenseCode.INVALID_FIELD_IN_PARAMETER_LIST);
        assertEquals(new ModeParameters(true, true, true), a.view.mode());
    }

    @Test
    void savedModePagesAreTheCurrentValuesAfterARestart() throws Exception {
        Path modeFile = dir.resolve("lun.img.mode");
        LogicalUnitControl.Settings settings = new LogicalUnitControl.Settings(0, true, null, modeFile, 512);
        ActorRef<LogicalUnitControl.Command> first = testKit.spawn(LogicalUnitControl.create(settings));
        Client a = new Client(first, "iqn.a", 1);
        assertEquals(ModeParameters.DEFAULT, a.view.savedMode());
        assertGood(a.execute(new ControlRequest.ModeSelect(false, false), controlPage(true, false)));
        assertEquals(ModeParameters.DEFAULT, a.view.savedMode()); // not saved without SP
        assertGood(a.execute(new ControlRequest.ModeSelect(true, false), controlPage(false, true)));
        assertEquals(new ModeParameters(true, false, true), a.view.savedMode());
        assertTrue(Files.isRegularFile(modeFile));
        testKit.stop(first);
        Client b = new Client(testKit.spawn(LogicalUnitControl.create(settings)), "iqn.b", 1);
        assertEquals(new ModeParameters(true, false, true), b.view.mode());
        assertEquals(new ModeParameters(true, false, true), b.view.savedMode());
    }

    // ---- removable medium --------------------------------------------------------------------------------

    @Test
    void preventionByAnyNexusKeepsTheMediumInUntilItsNexusAllowsOrIsGone() {
        ActorRef<LogicalUnitControl.Command> lu = testKit.spawn(LogicalUnitControl.create(
                new LogicalUnitControl.Settings(0, true, null, null, 512, true)));
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertTrue(a.view.mediumPresent());
        assertGood(a.execute(new ControlRequest.PreventAllow(true), new byte[0]));
        assertCheck(b.execute(new ControlRequest.LoadEject(false), new byte[0]), SenseCode.MEDIUM_REMOVAL_PREVENTED);
        assertGood(b.execute(new ControlRequest.PreventAllow(false), new byte[0])); // b never prevented
        assertCheck(a.execute(new ControlRequest.LoadEject(false), new byte[0]), SenseCode.MEDIUM_REMOVAL_PREVENTED);
        assertGood(a.execute(new ControlRequest.PreventAllow(false), new byte[0]));
        assertGood(b.execute(new ControlRequest.LoadEject(false), new byte[0]));
        assertFalse(b.view.mediumPresent());
        a.settle();
        assertFalse(a.view.mediumPresent());
        assertGood(a.execute(new ControlRequest.PreventAllow(true), new byte[0]));
        assertCheck(a.execute(new ControlRequest.LoadEject(true), new byte[0]), SenseCode.MEDIUM_REMOVAL_PREVENTED);
        a.owner.stop(); // nexus loss ends a's prevention
        b.inbox.awaitAssert(Duration.ofSeconds(3), () -> {
            assertGood(b.execute(new ControlRequest.LoadEject(true), new byte[0]));
            return null;
        });
        assertTrue(b.view.mediumPresent());
        assertGood(b.execute(new ControlRequest.PreventAllow(true), new byte[0]));
        lu.tell(new LogicalUnitControl.Reset(SenseCode.BUS_DEVICE_RESET_FUNCTION_OCCURRED,
                testKit.<Done>createTestProbe().getRef()));
        assertGood(b.execute(new ControlRequest.LoadEject(false), new byte[0])); // the reset ended it
    }

    /**
     * A session whose connection is gone says so at once (its actor may still wait for device I/O):
     * its prevention ends then, before its actor stops, so a new login cannot find the medium held.
     */
    @Test
    void anUnsubscribedNexusIsLostAtOnceWhileItsSessionStillLives() {
        ActorRef<LogicalUnitControl.Command> lu = testKit.spawn(LogicalUnitControl.create(
                new LogicalUnitControl.Settings(0, true, null, null, 512, true)));
        Client a = new Client(lu, "iqn.a", 1);
        Client b = new Client(lu, "iqn.b", 1);
        assertGood(a.execute(new ControlRequest.PreventAllow(true), new byte[0]));
        assertCheck(b.execute(new ControlRequest.LoadEject(false), new byte[0]), SenseCode.MEDIUM_REMOVAL_PREVENTED);
        lu.tell(new LogicalUnitControl.Unsubscribe(a.nexus, a.inbox.getRef().narrow())); // a.owner still alive
        assertGood(b.execute(new ControlRequest.LoadEject(false), new byte[0]));
        assertFalse(b.view.mediumPresent());
    }

    /**
     * A Logout: the nexus's SPC-2 reservation ends, and the one who asked hears so only after every
     * other nexus's new view was sent (here both go to the other nexus's inbox: the view comes first).
     */
    @Test
    void aLeavingNexusIsConfirmedAfterTheOtherViewsAreOut() {
        ActorRef<LogicalUnitControl.Command> lu = lu(null);
        Client holder = new Client(lu, "iqn.holder", 1);
        Client other = new Client(lu, "iqn.other", 1);
        assertGood(holder.execute(new ControlRequest.Reserve(), new byte[0]));
        other.settle();
        assertTrue(other.view.reservedByOther());
        lu.tell(new LogicalUnitControl.Leave(holder.nexus, holder.inbox.getRef().narrow(),
                other.inbox.getRef().narrow()));
        ControlView released = (ControlView) other.inbox.receiveMessage();
        assertFalse(released.reservedByOther());
        assertEquals(org.apache.pekko.Done.getInstance(), other.inbox.receiveMessage());
    }
}
