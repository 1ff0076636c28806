package io.pagewire.actors.lu;

import io.pagewire.streams.commands.ModeParameters;
import java.util.List;
import java.util.Objects;

/**
 * What one I_T nexus needs to know of a logical unit's control state to decide a command on its
 * own: the unit attentions it is owed and whether a reservation makes reads or writes conflict.
 * The control actor pushes a fresh view to each subscribed session whenever any of this changes;
 * between pushes the session decides from its copy (see {@link LogicalUnitControl}).
 *
 * @param lun              the logical unit's number in its target
 * @param version          grows with every change of the logical unit's control state
 * @param attentions       unit attentions owed to this nexus, oldest first
 * @param reservedByOther  an SPC-2 RESERVE of another nexus holds the logical unit
 * @param readConflict     a persistent reservation denies this nexus reads (exclusive access types)
 * @param writeConflict    a persistent reservation denies this nexus writes
 * @param mode             the current mode parameters (sense format, write protection, write cache)
 * @param savedMode        the saved ones, or null when this LU cannot save pages
 * @param mediumPresent    false while a removable medium is ejected
 * @param sanitize         a sanitize in progress or sanitize failure mode (never null)
 */
public record ControlView(int lun, long version, List<UnitAttention> attentions, boolean reservedByOther,
                          boolean readConflict, boolean writeConflict, ModeParameters mode,
                          ModeParameters savedMode, boolean mediumPresent, SanitizeStatus sanitize) {

    public ControlView {
        attentions = List.copyOf(attentions);
        Objects.requireNonNull(sanitize, "sanitize");
    }

    /** The oldest unit attention newer than {@code reportedUpTo}, or null. */
    public UnitAttention pendingAfter(long reportedUpTo) {
        for (UnitAttention ua : attentions) {
            if (ua.id() > reportedUpTo) {
                return ua;
            }
        }
        return null;
    }
}
