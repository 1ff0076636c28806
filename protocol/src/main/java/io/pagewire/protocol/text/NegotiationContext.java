package io.pagewire.protocol.text;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the negotiator needs to know about where an offer arrived.
 *
 * @param phase             login stage, or full feature phase
 * @param leadingConnection false when a login adds a connection to an existing session (TSIH ≠ 0)
 * @param queries           produces the answer pairs to a {@link NegotiationRule#QUERY} key (SendTargets)
 */
public record NegotiationContext(NegotiationPhase phase, boolean leadingConnection,
                                 Function<KeyValue, List<KeyValue>> queries) {
    public NegotiationContext {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(queries, "queries");
    }

    /** A login stage; queries cannot occur there (SendTargets is FFP only). */
    public static NegotiationContext login(NegotiationPhase stage, boolean leadingConnection) {
        if (stage == NegotiationPhase.FULL_FEATURE) {
            throw new IllegalArgumentException("not a login stage: " + stage);
        }
        return new NegotiationContext(stage, leadingConnection, query -> {
            throw new IllegalStateException("query " + query.key() + " during login");
        });
    }

    public static NegotiationContext fullFeature(Function<KeyValue, List<KeyValue>> queries) {
        return new NegotiationContext(NegotiationPhase.FULL_FEATURE, true, queries);
    }
}
