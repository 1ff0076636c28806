package io.pagewire.actors.lu;

import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.ControlRequest.PersistentReserveIn;
import io.pagewire.streams.commands.ControlRequest.PersistentReserveOut;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The persistent reservation state of one logical unit (SPC-4 §5.13): registrations by I_T nexus,
 * the PRgeneration, at most one reservation, and APTPL. Plain mutable state owned by the
 * {@link LogicalUnitControl} actor; every method runs on its thread. Unit attentions the rules
 * establish for other nexuses go to the {@link Attentions} given to each call.
 */
final class PersistentReservations {

    static final int WRITE_EXCLUSIVE = 1;
    static final int EXCLUSIVE_ACCESS = 3;
    static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 5;
    static final int EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 6;
    static final int WRITE_EXCLUSIVE_ALL_REGISTRANTS = 7;
    static final int EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 8;

    /** Parameter list byte 20 (SPC-4 §6.16.3, table 172). */
    static final int SPEC_I_PT = 0x08;
    static final int ALL_TG_PT = 0x04;
    static final int APTPL = 0x01;
    /** REGISTER AND MOVE parameter list byte 17 (table 173). */
    static final int UNREG = 0x02;
    static final int MAX_REGISTRATIONS = 1024;

    /** Where unit attentions for other nexuses go. */
    interface Attentions {
        void establish(Nexus nexus, SenseCode code);
    }

    private final Map<Nexus, Long> registrations = new LinkedHashMap<>();
    /** The nexuses whose registrations the last PERSISTENT RESERVE OUT removed by preempting them. */
    private final List<Nexus> preempted = new ArrayList<>();
    private final boolean persistCapable;
    private int generation;
    private int type;
    private Nexus holder;
    private boolean aptpl;

    /** @param persistCapable whether APTPL can be honoured (PTPL_C): the LU has a file to keep it in */
    PersistentReservations(boolean persistCapable) {
        this.persistCapable = persistCapable;
    }

    // ---- queries -------------------------------------------------------------------------------

    int generation() {
        return generation;
    }

    int type() {
        return type;
    }

    boolean aptpl() {
        return aptpl;
    }

    boolean hasRegistrations() {
        return !registrations.isEmpty();
    }

    Map<Nexus, Long> registrations() {
        return java.util.Collections.unmodifiableMap(registrations);
    }

    Nexus holder() {
        return holder;
    }

    /**
     * The I_T nexuses whose registrations the last PERSISTENT RESERVE OUT preempted (PREEMPT, PREEMPT
     * AND ABORT): whose commands PREEMPT AND ABORT aborts (SPC-4 §5.12.11.2.6). Never the issuer's.
     */
    List<Nexus> preempted() {
        return List.copyOf(preempted);
    }

    static boolean allRegistrants(int type) {
        return type == WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    static boolean registrantsOnly(int type) {
        return type == WRITE_EXCLUSIVE_REGISTRANTS_ONLY || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY;
    }

    /** Whether {@code nexus} holds the reservation; under the all-registrants types every registrant does (§5.13.10). */
    boolean isHolder(Nexus nexus) {
        if (type == 0) {
            return false;
        }
        return allRegistrants(type) ? registrations.containsKey(nexus) : nexus.equals(holder);
    }

    /** SPC-4 table 64: whether reads by {@code nexus} conflict. */
    boolean readConflict(Nexus nexus) {
        return conflict(nexus, type == EXCLUSIVE_ACCESS || type == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY
                || type == EXCLUSIVE_ACCESS_ALL_REGISTRANTS);
    }

    /** Every type denies writes to the nexuses it does not admit. */
    boolean writeConflict(Nexus nexus) {
        return conflict(nexus, type != 0);
    }

    private boolean conflict(Nexus nexus, boolean typeDenies) {
        if (!typeDenies || isHolder(nexus)) {
            return false;
        }
        // The registrants-only and all-registrants types admit every registrant.
        return !((registrantsOnly(type) || allRegistrants(type)) && registrations.containsKey(nexus));
    }

    // ---- PERSISTENT RESERVE IN -------------------------------------------------------------------

    ControlReply in(PersistentReserveIn request) {
        byte[] data = switch (request.serviceAction()) {
            case PersistentReserveIn.READ_KEYS -> readKeys();
            case PersistentReserveIn.READ_RESERVATION -> readReservation();
            case PersistentReserveIn.REPORT_CAPABILITIES -> reportCapabilities();
            default -> readFullStatus();
        };
        return ControlReply.good(data, request.allocationLength());
    }

    /** §6.15.2: PRgeneration, ADDITIONAL LENGTH, the keys. */
    private byte[] readKeys() {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * registrations.size());
        b.putInt(generation).putInt(8 * registrations.size());
        registrations.values().forEach(b::putLong);
        return b.array();
    }

    /** §6.15.3: the reservation; under the all-registrants types the key reported is zero. */
    private byte[] readReservation() {
        if (type == 0) {
            return ByteBuffer.allocate(8).putInt(generation).putInt(0).array();
        }
        long key = allRegistrants(type) ? 0 : registrations.get(holder);
        ByteBuffer b = ByteBuffer.allocate(24);
        b.putInt(generation).putInt(16).putLong(key).putInt(0).put((byte) 0).put((byte) type).putShort((short) 0);
        return b.array();
    }

    /**
     * §6.15.4: CRH 0, SIP_C 0, ATP_C 0, PTPL_C when the LU has a file; TMV with every type; ALLOW
     * COMMANDS 0; PTPL_A the current APTPL.
     */
    private byte[] reportCapabilities() {
        byte[] b = new byte[8];
        b[1] = 8;
        b[2] = (byte) (persistCapable ? 0x01 : 0);
        b[3] = (byte) (0x80 | (aptpl ? 0x01 : 0));
        b[4] = (byte) (1 << 7 | 1 << 6 | 1 << 5 | 1 << 3 | 1 << 1); // WR_EX_AR EX_AC_RO WR_EX_RO EX_AC WR_EX
        b[5] = 0x01; // EX_AC_AR
        return b;
    }

    /** §6.15.5: one descriptor per registration with its TransportID. */
    private byte[] readFullStatus() {
        List<byte[]> descriptors = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Nexus, Long> r : registrations.entrySet()) {
            byte[] id = r.getKey().transportId();
            ByteBuffer d = ByteBuffer.allocate(24 + id.length);
            boolean holds = isHolder(r.getKey());
            d.putLong(r.getValue()).putInt(0).put((byte) (holds ? 0x01 : 0)).put((byte) (holds ? type : 0))
                    .putInt(0).putShort((short) 1).putInt(id.length).put(id);
            descriptors.add(d.array());
            total += d.capacity();
        }
        ByteBuffer b = ByteBuffer.allocate(8 + total).putInt(generation).putInt(total);
        descriptors.forEach(b::put);
        return b.array();
    }

    // ---- PERSISTENT RESERVE OUT ------------------------------------------------------------------

    /** Parameter list bytes 0..23 (SPC-4 §6.16.3). */
    record Parameters(long key, long serviceActionKey, int flags) {
        static Parameters parse(byte[] list) {
            ByteBuffer b = ByteBuffer.wrap(list);
            return new Parameters(b.getLong(0), b.getLong(8), list[20] & 0xFF);
        }
    }

    /**
     * One PERSISTENT RESERVE OUT from {@code nexus}; {@code list} is the whole parameter list (the
     * CDB check made sure of its length). The caller persists the state afterwards when
     * {@link #aptpl()} says so.
     */
    ControlReply out(Nexus nexus, PersistentReserveOut request, byte[] list, Attentions attentions) {
        Objects.requireNonNull(nexus, "nexus");
        preempted.clear();
        Parameters p = Parameters.parse(list);
        int action = request.serviceAction();
        if (action == PersistentReserveOut.REGISTER_AND_MOVE) {
            return registerAndMove(nexus, request, list, p, attentions);
        }
        if ((p.flags() & SPEC_I_PT) != 0) {
            return invalidParameter(20, 3);
        }
        if ((p.flags() & ALL_TG_PT) != 0) {
            return invalidParameter(20, 2);
        }
        return switch (action) {
            case PersistentReserveOut.REGISTER -> register(nexus, p, false, attentions);
            case PersistentReserveOut.REGISTER_AND_IGNORE_EXISTING_KEY -> register(nexus, p, true, attentions);
            case PersistentReserveOut.RESERVE -> reserve(nexus, request.type(), p);
            case PersistentReserveOut.RELEASE -> release(nexus, request, p, attentions);
            case PersistentReserveOut.CLEAR -> clear(nexus, p, attentions);
            default -> preempt(nexus, request, p, attentions);
        };
    }

    /** §5.13.7, table 51 (REGISTER) and table 52 (REGISTER AND IGNORE EXISTING KEY). */
    private ControlReply register(Nexus nexus, Parameters p, boolean ignoreExisting, Attentions attentions) {
        Long current = registrations.get(nexus);
        if ((p.flags() & APTPL) != 0 && !persistCapable) {
            return invalidParameter(20, 0);
        }
        if (current == null) {
            if (!ignoreExisting && p.key() != 0) {
                return ControlReply.conflict();
            }
            if (p.serviceActionKey() == 0) {
                return ControlReply.good();
            }
            if (registrations.size() >= MAX_REGISTRATIONS) {
                return ControlReply.check(SenseData.of(SenseCode.INSUFFICIENT_REGISTRATION_RESOURCES));
            }
            registrations.put(nexus, p.serviceActionKey());
        } else {
            if (!ignoreExisting && p.key() != current) {
                return ControlReply.conflict();
            }
            if (p.serviceActionKey() == 0) {
                unregister(nexus, attentions);
            } else {
                registrations.put(nexus, p.serviceActionKey());
            }
        }
        aptpl = (p.flags() & APTPL) != 0;
        generation++;
        return ControlReply.good();
    }

    /**
     * Removes one registration; a holder that leaves releases a reservation unless other registrants
     * still hold an all-registrants one (§5.13.11.2.2). A registrants-only reservation released this
     * way owes the other registrants RESERVATIONS RELEASED.
     */
    private void unregister(Nexus nexus, Attentions attentions) {
        boolean held = isHolder(nexus);
        registrations.remove(nexus);
        if (!held) {
            return;
        }
        if (allRegistrants(type)) {
            if (registrations.isEmpty()) {
                dropReservation();
            }
            return;
        }
        if (registrantsOnly(type)) {
            registrations.keySet().forEach(n -> attentions.establish(n, SenseCode.RESERVATIONS_RELEASED));
        }
        dropReservation();
    }

    /** §5.13.9. */
    private ControlReply reserve(Nexus nexus, int requestedType, Parameters p) {
        Long current = registrations.get(nexus);
        if (current == null || current != p.key()) {
            return ControlReply.conflict();
        }
        if (type != 0) {
            return isHolder(nexus) && type == requestedType ? ControlReply.good() : ControlReply.conflict();
        }
        type = requestedType;
        holder = allRegistrants(requestedType) ? null : nexus;
        return ControlReply.good();
    }

    /** §5.13.11.2.2. */
    private ControlReply release(Nexus nexus, PersistentReserveOut request, Parameters p, Attentions attentions) {
        Long current = registrations.get(nexus);
        if (current == null || current != p.key()) {
            return ControlReply.conflict();
        }
        if (type == 0 || !isHolder(nexus)) {
            return ControlReply.good();
        }
        if (request.scope() != 0 || request.type() != type) {
            return ControlReply.check(SenseData.of(SenseCode.INVALID_RELEASE_OF_PERSISTENT_RESERVATION));
        }
        if (type != WRITE_EXCLUSIVE && type != EXCLUSIVE_ACCESS) {
            registrations.keySet().stream().filter(n -> !n.equals(nexus))
                    .forEach(n -> attentions.establish(n, SenseCode.RESERVATIONS_RELEASED));
        }
        dropReservation();
        return ControlReply.good();
    }

    /** §5.13.11.2.3: every registration and the reservation go; the others learn RESERVATIONS PREEMPTED. */
    private ControlReply clear(Nexus nexus, Parameters p, Attentions attentions) {
        Long current = registrations.get(nexus);
        if (current == null || current != p.key()) {
            return ControlReply.conflict();
        }
        registrations.keySet().stream().filter(n -> !n.equals(nexus))
                .forEach(n -> attentions.establish(n, SenseCode.RESERVATIONS_PREEMPTED));
        registrations.clear();
        dropReservation();
        generation++;
        return ControlReply.good();
    }

    /** §5.13.11.2.4 (PREEMPT) and §5.13.11.2.5 (PREEMPT AND ABORT: the same state change). */
    private ControlReply preempt(Nexus nexus, PersistentReserveOut request, Parameters p, Attentions attentions) {
        Long current = registrations.get(nexus);
        if (current == null || current != p.key()) {
            return ControlReply.conflict();
        }
        long victim = p.serviceActionKey();
        boolean takesReservation = type != 0
                && (allRegistrants(type) ? victim == 0 : victim == registrations.get(holder));
        if (!takesReservation) {
            // No reservation, or not its holder's key: only registrations go (table 56).
            if (victim == 0) {
                return invalidParameter(8, -1);
            }
            if (removeRegistrations(nexus, victim, false, attentions) == 0) {
                return ControlReply.conflict();
            }
            generation++;
            return ControlReply.good();
        }
        if (request.scope() != 0 || !validType(request.type())) {
            return ControlReply.check(SenseData.invalidFieldInCdb(2, -1));
        }
        boolean changed = request.type() != type;
        removeRegistrations(nexus, victim, allRegistrants(type), attentions);
        if (changed && (registrantsOnly(type) || allRegistrants(type))) {
            registrations.keySet().stream().filter(n -> !n.equals(nexus))
                    .forEach(n -> attentions.establish(n, SenseCode.RESERVATIONS_RELEASED));
        }
        type = request.type();
        holder = allRegistrants(type) ? null : nexus;
        generation++;
        return ControlReply.good();
    }

    /**
     * Removes the registrations with {@code key} (every other one when {@code everyOther}), never
     * the preempting nexus's own; each removed nexus is owed REGISTRATIONS PREEMPTED.
     */
    private int removeRegistrations(Nexus preempter, long key, boolean everyOther, Attentions attentions) {
        int removed = 0;
        for (Iterator<Map.Entry<Nexus, Long>> it = registrations.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Nexus, Long> r = it.next();
            if (!r.getKey().equals(preempter) && (everyOther || r.getValue() == key)) {
                it.remove();
                preempted.add(r.getKey());
                attentions.establish(r.getKey(), SenseCode.REGISTRATIONS_PREEMPTED);
                removed++;
            }
        }
        return removed;
    }

    /** §5.13.8: the holder registers another I_T nexus and hands it the reservation. */
    private ControlReply registerAndMove(Nexus nexus, PersistentReserveOut request, byte[] list, Parameters p,
                                         Attentions attentions) {
        Long current = registrations.get(nexus);
        if (current == null || current != p.key()) {
            return ControlReply.conflict();
        }
        if (type == 0 || allRegistrants(type) || !nexus.equals(holder)) {
            return ControlReply.conflict();
        }
        if (p.serviceActionKey() == 0) {
            return invalidParameter(8, -1);
        }
        boolean unreg = (list[17] & UNREG) != 0;
        boolean newAptpl = (list[17] & APTPL) != 0;
        if (newAptpl && !persistCapable) {
            return invalidParameter(17, 0);
        }
        int relativePort = (list[18] & 0xFF) << 8 | list[19] & 0xFF;
        if (relativePort != 1) {
            return invalidParameter(18, -1);
        }
        long idLength = ByteBuffer.wrap(list).getInt(20) & 0xFFFF_FFFFL;
        if (24 + idLength > list.length) {
            return ControlReply.check(SenseData.of(SenseCode.PARAMETER_LIST_LENGTH_ERROR));
        }
        String port = TransportIds.initiatorPort(list, 24, (int) idLength);
        if (port == null) {
            return invalidParameter(24, -1);
        }
        Nexus destination = new Nexus(port, nexus.targetPort());
        if (destination.equals(nexus)) {
            return invalidParameter(24, -1);
        }
        registrations.put(destination, p.serviceActionKey());
        holder = destination;
        if (unreg) {
            registrations.remove(nexus);
        }
        aptpl = newAptpl;
        generation++;
        return ControlReply.good();
    }

    private static boolean validType(int type) {
        return type == 1 || type == 3 || (type >= 5 && type <= 8);
    }

    private void dropReservation() {
        type = 0;
        holder = null;
    }

    private static ControlReply invalidParameter(int byteOffset, int bit) {
        return ControlReply.check(SenseData.invalidFieldInParameterList(byteOffset, bit));
    }

    // ---- persistence -----------------------------------------------------------------------------

    /** The state as a record to keep across restarts (APTPL). */
    Saved save() {
        return new Saved(generation, type, holder, new LinkedHashMap<>(registrations));
    }

    void restore(Saved saved) {
        generation = saved.generation();
        type = saved.type();
        holder = saved.holder();
        registrations.clear();
        registrations.putAll(saved.registrations());
        aptpl = true;
    }

    record Saved(int generation, int type, Nexus holder, Map<Nexus, Long> registrations) {
    }
}
