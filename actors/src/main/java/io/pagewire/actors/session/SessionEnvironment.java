package io.pagewire.actors.session;

import io.pagewire.actors.config.Portal;
import io.pagewire.actors.config.Settings;
import io.pagewire.actors.pool.PagePool;
import io.pagewire.actors.target.TargetRuntime;
import io.pagewire.protocol.login.AccessControl;
import io.pagewire.streams.commands.CommandTable;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** Everything a Session actor is given at birth; immutable and shared by all sessions. */
public record SessionEnvironment(ActorRef<PagePool.Command> pool, PagePool.Info poolInfo,
                                 ActorRef<SessionRegistry.Command> registry, Map<String, TargetRuntime> targets,
                                 List<Portal> portals, Settings.Session session, Settings.Negotiation negotiation,
                                 CommandTable commands, AccessControl access) {

    /** Open to every initiator without authentication. */
    public SessionEnvironment(ActorRef<PagePool.Command> pool, PagePool.Info poolInfo,
                              ActorRef<SessionRegistry.Command> registry, Map<String, TargetRuntime> targets,
                              List<Portal> portals, Settings.Session session, Settings.Negotiation negotiation,
                              CommandTable commands) {
        this(pool, poolInfo, registry, targets, portals, session, negotiation, commands, TargetAccess.OPEN);
    }
}
