package io.pagewire.protocol.text;

import java.util.List;
import java.util.Objects;

/**
 * What the protocol layer needs to know about one target node.
 *
 * @param name    the iSCSI name
 * @param alias   TargetAlias declared at login, or null
 * @param portals where the target is reachable, in the order SendTargets reports them
 */
public record TargetInfo(String name, String alias, List<TargetPortal> portals) {
    public TargetInfo {
        Objects.requireNonNull(name, "name");
        portals = List.copyOf(portals);
    }
}
