package io.pagewire.actors.session;

import io.pagewire.actors.config.DiscoveryAuth;
import io.pagewire.actors.config.TargetConfig;
import io.pagewire.protocol.login.AccessControl;
import io.pagewire.protocol.login.Authenticator;
import io.pagewire.protocol.login.ChallengeSource;
import io.pagewire.protocol.login.Chap;
import io.pagewire.protocol.login.ChapCredentials;
import io.pagewire.protocol.text.TargetDirectory;
import io.pagewire.protocol.text.TargetInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured access rules: per target, which InitiatorNames may log in ({@code allowed-initiators})
 * and whether they must authenticate with CHAP; discovery sessions are open to every initiator with
 * their own CHAP setting, and list only the targets the initiator may log in to. Immutable; shared by
 * every login.
 */
public final class TargetAccess implements AccessControl {
    /** Any initiator, no authentication (tests and embeddings that configure none). */
    public static final AccessControl OPEN = AccessControl.open(Authenticator.NONE);

    private record Rule(Authenticator authenticator, Set<String> allowed) {
    }

    private final Map<String, Rule> targets;
    private final Authenticator discovery;

    private TargetAccess(Map<String, Rule> targets, Authenticator discovery) {
        this.targets = Map.copyOf(targets);
        this.discovery = discovery;
    }

    public static TargetAccess of(List<TargetConfig> targets, DiscoveryAuth discovery) {
        Map<String, Rule> rules = new HashMap<>();
        for (TargetConfig target : targets) {
            Set<String> allowed = target.allowedInitiators() == null ? null : Set.copyOf(target.allowedInitiators());
            rules.put(target.iqn(), new Rule(authenticator(target.chap(), target.mutualChap()), allowed));
        }
        return new TargetAccess(rules, authenticator(discovery.chap(), discovery.mutualChap()));
    }

    private static Authenticator authenticator(ChapCredentials chap, ChapCredentials mutual) {
        return chap == null ? Authenticator.NONE : new Chap(chap, mutual, ChallengeSource.PROCESS);
    }

    @Override
    public boolean admits(String initiatorName, String targetName) {
        if (targetName == null) {
            return true;
        }
        Rule rule = targets.get(targetName);
        // iSCSI names are compared in their normalized, lower-case form (RFC 7143 §4.2.7.1, RFC 3722).
        return rule == null || rule.allowed() == null || rule.allowed().contains(initiatorName.toLowerCase(Locale.ROOT));
    }

    @Override
    public Authenticator authenticator(String targetName) {
        if (targetName == null) {
            return discovery;
        }
        Rule rule = targets.get(targetName);
        return rule == null ? Authenticator.NONE : rule.authenticator();
    }

    /** The targets {@code initiatorName} may log in to: what its SendTargets answers may name. */
    static TargetDirectory visibleTo(TargetDirectory all, AccessControl access, String initiatorName) {
        List<TargetInfo> visible = all.targets().stream().filter(t -> access.admits(initiatorName, t.name())).toList();
        return new TargetDirectory() {
            @Override
            public Optional<TargetInfo> lookup(String targetName) {
                return visible.stream().filter(t -> t.name().equals(targetName)).findFirst();
            }

            @Override
            public List<TargetInfo> targets() {
                return visible;
            }
        };
    }
}
