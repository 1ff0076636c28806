package io.pagewire.actors.config;

import io.pagewire.protocol.login.ChapCredentials;
import java.util.List;

/**
 * One iSCSI target: its name, optional alias and logical units (ascending LUN order).
 *
 * @param chap              what initiators must prove with CHAP; null: no authentication
 * @param mutualChap        what the target proves when an initiator challenges it; null: mutual CHAP refused
 * @param allowedInitiators InitiatorNames that may log in (lower case); null: any
 * @param maxSessions       sessions this target takes at once; 0: only the node-wide limit applies
 */
public record TargetConfig(String iqn, String alias, List<LunConfig> luns, ChapCredentials chap,
                           ChapCredentials mutualChap, List<String> allowedInitiators, int maxSessions) {
    public TargetConfig {
        luns = List.copyOf(luns);
        allowedInitiators = allowedInitiators == null ? null : List.copyOf(allowedInitiators);
    }

    /** A target open to every initiator, without authentication or a limit of its own. */
    public TargetConfig(String iqn, String alias, List<LunConfig> luns) {
        this(iqn, alias, luns, null, null, null, 0);
    }
}
