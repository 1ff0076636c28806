package io.pagewire.protocol.text;

import java.util.List;
import java.util.Optional;

/**
 * The targets this node serves, supplied by the actor layer. Login looks up the TargetName
 * (unknown → status 0x0203); SendTargets lists them. Called on whatever thread runs the login or text
 * exchange, so implementations must be safe to call from there (an immutable snapshot is simplest).
 */
public interface TargetDirectory {

    /** @return the target with exactly this iSCSI name, or empty */
    Optional<TargetInfo> lookup(String targetName);

    /** Every target, in the order SendTargets=All reports them. */
    List<TargetInfo> targets();

    /** A directory over a fixed list. */
    static TargetDirectory of(List<TargetInfo> targets) {
        List<TargetInfo> copy = List.copyOf(targets);
        return new TargetDirectory() {
            @Override
            public Optional<TargetInfo> lookup(String targetName) {
                return copy.stream().filter(t -> t.name().equals(targetName)).findFirst();
            }

            @Override
            public List<TargetInfo> targets() {
                return copy;
            }
        };
    }
}
