package io.pagewire.protocol.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The responder side of RFC 7143 §6.2 text negotiation, driven by the {@link NegotiationKey} table.
 * One instance lives for one login (its state spans the login's requests) or one FFP text exchange.
 *
 * <p>Per offered key: unknown keys (including all {@code X-} keys) are answered NotUnderstood;
 * obsolete keys Reject; an irrelevant key Irrelevant; an invalid or out-of-range value Reject (the
 * key keeps its value); otherwise the rule of the key gives the answer and the agreed value.
 * Declarative keys are recorded and not answered. Answers keep the order of the offers.
 *
 * <p>Offering a key twice fails the whole negotiation, except that re-declaring a declarative key
 * with the same value in a later request is ignored (libiscsi repeats InitiatorName, TargetName and
 * SessionType in its operational-stage request after a security stage).
 */
public final class Negotiator {
    private final Map<NegotiationKey, String> own;
    private final EnumMap<NegotiationKey, String> agreed = new EnumMap<>(NegotiationKey.class);
    private final Map<String, String> earlier = new HashMap<>();

    /** @param ownValues the target's value or limit for each negotiated key it will answer */
    public Negotiator(Map<NegotiationKey, String> ownValues) {
        this.own = new EnumMap<>(NegotiationKey.class);
        this.own.putAll(ownValues);
    }

    /**
     * Answers the offers of one complete request (all its C-bit PDUs joined).
     *
     * @return the answer pairs, in the order of the offers they answer
     * @throws NegotiationException for a duplicate key, a key the initiator may not send, or a key
     *                              outside its login stage; nothing is recorded then
     */
    public List<KeyValue> respond(List<KeyValue> offers, NegotiationContext context) throws NegotiationException {
        NegotiationKey[] keys = new NegotiationKey[offers.size()];
        boolean[] skip = new boolean[offers.size()];
        Set<String> inThisRequest = new HashSet<>();
        for (int i = 0; i < offers.size(); i++) {
            KeyValue offer = offers.get(i);
            if (!inThisRequest.add(offer.key())) {
                throw new NegotiationException("key " + offer.key() + " offered twice in one request");
            }
            NegotiationKey key = NegotiationKey.of(offer.key());
            String before = earlier.get(offer.key());
            if (before != null) {
                if (key != null && key.rule() == NegotiationRule.DECLARATIVE && before.equals(offer.value())) {
                    skip[i] = true;
                    continue;
                }
                throw new NegotiationException("key " + offer.key() + " negotiated again");
            }
            if (key != null) {
                checkPlacement(key, context);
            }
            keys[i] = key;
        }

        List<List<KeyValue>> answers = new ArrayList<>(offers.size());
        for (int i = 0; i < offers.size(); i++) {
            answers.add(List.of());
        }
        Integer[] order = new Integer[offers.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> keys[i] == null ? Integer.MAX_VALUE : keys[i].ordinal()));
        for (int i : order) {
            if (skip[i]) {
                continue;
            }
            KeyValue offer = offers.get(i);
            answers.set(i, keys[i] == null
                    ? List.of(new KeyValue(offer.key(), KeyValue.NOT_UNDERSTOOD))
                    : answer(keys[i], offer, context));
        }
        for (KeyValue offer : offers) {
            earlier.putIfAbsent(offer.key(), offer.value());
        }
        List<KeyValue> flat = new ArrayList<>();
        answers.forEach(flat::addAll);
        return flat;
    }

    /** The value agreed or declared for a key so far, if any. */
    public Optional<String> agreed(NegotiationKey key) {
        return Optional.ofNullable(agreed.get(key));
    }

    /** The value in effect: agreed or declared, else the RFC default (null for keys without one). */
    public String effective(NegotiationKey key) {
        return agreed.getOrDefault(key, key.defaultValue());
    }

    /** True when the initiator offered or declared this key in an earlier request. */
    public boolean offered(NegotiationKey key) {
        return earlier.containsKey(key.wireName());
    }

    /**
     * The operational parameters in effect.
     *
     * @param targetMaxRecvDataSegmentLength the MaxRecvDataSegmentLength the target declared, or 8192
     *                                       when it did not
     */
    public OperationalParameters parameters(int targetMaxRecvDataSegmentLength) {
        SessionType type = SessionType.of(effective(NegotiationKey.SESSION_TYPE));
        int maxBurst = number(NegotiationKey.MAX_BURST_LENGTH);
        return new OperationalParameters(
                type == null ? SessionType.NORMAL : type,
                effective(NegotiationKey.INITIATOR_NAME),
                effective(NegotiationKey.INITIATOR_ALIAS),
                type == SessionType.DISCOVERY ? null : effective(NegotiationKey.TARGET_NAME),
                "CRC32C".equals(effective(NegotiationKey.HEADER_DIGEST)),
                "CRC32C".equals(effective(NegotiationKey.DATA_DIGEST)),
                targetMaxRecvDataSegmentLength,
                number(NegotiationKey.MAX_RECV_DATA_SEGMENT_LENGTH),
                number(NegotiationKey.MAX_CONNECTIONS),
                yes(NegotiationKey.INITIAL_R2T),
                yes(NegotiationKey.IMMEDIATE_DATA),
                maxBurst,
                Math.min(number(NegotiationKey.FIRST_BURST_LENGTH), maxBurst),
                number(NegotiationKey.DEFAULT_TIME2WAIT),
                number(NegotiationKey.DEFAULT_TIME2RETAIN),
                number(NegotiationKey.MAX_OUTSTANDING_R2T),
                yes(NegotiationKey.DATA_PDU_IN_ORDER),
                yes(NegotiationKey.DATA_SEQUENCE_IN_ORDER),
                number(NegotiationKey.ERROR_RECOVERY_LEVEL));
    }

    static String yesNo(boolean value) {
        return value ? "Yes" : "No";
    }

    private void checkPlacement(NegotiationKey key, NegotiationContext context) throws NegotiationException {
        if (!key.sender().initiatorMaySend()) {
            throw new NegotiationException("key " + key.wireName() + " is sent by targets only");
        }
        switch (context.phase()) {
            case SECURITY -> {
                if (key.stage() == KeyStage.OPERATIONAL) {
                    throw new NegotiationException("operational key " + key.wireName() + " in the security stage");
                }
            }
            case OPERATIONAL -> {
                if (key.stage() == KeyStage.SECURITY) {
                    throw new NegotiationException("security key " + key.wireName() + " in the operational stage");
                }
            }
            case FULL_FEATURE -> {
                // Use violations in FFP are answered with Reject, see answer().
            }
        }
        if (context.phase() != NegotiationPhase.FULL_FEATURE && key.use() == KeyUse.FULL_FEATURE_ONLY) {
            throw new NegotiationException("key " + key.wireName() + " is for the full feature phase only");
        }
    }

    private List<KeyValue> answer(NegotiationKey key, KeyValue offer, NegotiationContext context) {
        if (offer.isAnswerConstant()) {
            // An answer to an offer the target never made: nothing to negotiate, nothing to answer.
            return List.of();
        }
        if (context.phase() == NegotiationPhase.FULL_FEATURE) {
            if (key.rule() == NegotiationRule.QUERY) {
                return context.queries().apply(offer);
            }
            if (!(key.use() == KeyUse.ALL && key.stage() == KeyStage.ANY)) {
                // Login-only keys may not be renegotiated; operational ALL keys (MaxRecvDataSegmentLength)
                // are not renegotiated in FFP by this target yet.
                return reply(key, KeyValue.REJECT);
            }
        } else if (!context.leadingConnection() && key.use() == KeyUse.LEADING_ONLY && key.negotiated()) {
            return reply(key, KeyValue.IRRELEVANT);
        }
        if (key.rule() == NegotiationRule.OBSOLETE) {
            return reply(key, KeyValue.REJECT);
        }
        if (irrelevant(key)) {
            return reply(key, KeyValue.IRRELEVANT);
        }
        String value = offer.value();
        switch (key.rule()) {
            case DECLARATIVE -> {
                if (!valid(key, value)) {
                    return reply(key, KeyValue.REJECT);
                }
                agreed.put(key, key.type() == ValueType.NUMBER ? Long.toString(parse(value)) : value);
                return List.of();
            }
            case NUMERIC_MIN, NUMERIC_MAX -> {
                long offered = parse(value);
                if (offered < key.min() || offered > key.max()) {
                    return reply(key, KeyValue.REJECT);
                }
                long mine = parse(own(key));
                long result = key.rule() == NegotiationRule.NUMERIC_MIN ? Math.min(offered, mine) : Math.max(offered, mine);
                if (key.ceiling() != null) {
                    result = Math.min(result, number(key.ceiling()));
                }
                return settle(key, Long.toString(result));
            }
            case BOOLEAN_AND, BOOLEAN_OR -> {
                if (!value.equals("Yes") && !value.equals("No")) {
                    return reply(key, KeyValue.REJECT);
                }
                boolean offered = value.equals("Yes");
                boolean mine = own(key).equals("Yes");
                return settle(key, yesNo(key.rule() == NegotiationRule.BOOLEAN_AND ? offered && mine : offered || mine));
            }
            case LIST -> {
                if (!valid(key, value)) {
                    return reply(key, KeyValue.REJECT);
                }
                List<String> supported = List.of(own(key).split(","));
                for (String candidate : value.split(",")) {
                    if (supported.contains(candidate)) {
                        return settle(key, candidate);
                    }
                }
                return reply(key, KeyValue.REJECT);
            }
            default -> throw new IllegalStateException("rule " + key.rule() + " of " + key.wireName());
        }
    }

    private boolean irrelevant(NegotiationKey key) {
        boolean discovery = SessionType.DISCOVERY.text().equals(effective(NegotiationKey.SESSION_TYPE));
        return switch (key.irrelevance()) {
            case NEVER -> false;
            case DISCOVERY -> discovery;
            case DISCOVERY_OR_NO_UNSOLICITED_DATA -> discovery
                    || (yes(NegotiationKey.INITIAL_R2T) && !yes(NegotiationKey.IMMEDIATE_DATA));
        };
    }

    private static boolean valid(NegotiationKey key, String value) {
        return switch (key.type()) {
            case TEXT -> TextCodec.utf8Length(value) <= TextCodec.MAX_VALUE_BYTES;
            case ISCSI_NAME -> !value.isEmpty() && TextCodec.utf8Length(value) <= 223;
            case NUMBER -> {
                long parsed = parse(value);
                yield parsed >= key.min() && parsed <= key.max();
            }
            case BOOLEAN -> value.equals("Yes") || value.equals("No");
            case LIST -> {
                for (String element : value.split(",", -1)) {
                    if (element.isEmpty() || TextCodec.utf8Length(element) > TextCodec.MAX_VALUE_BYTES) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /**
     * An RFC 7143 §6.1 numerical value: decimal, or hex with a {@code 0x} prefix.
     *
     * @return the value, or -1 when it is malformed or does not fit 63 bits
     */
    static long parse(String value) {
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                String digits = value.substring(2);
                return digits.isEmpty() || digits.charAt(0) == '+' ? -1 : Long.parseLong(digits, 16);
            }
            return value.isEmpty() || value.charAt(0) == '+' || value.charAt(0) == '-' ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<KeyValue> settle(NegotiationKey key, String result) {
        agreed.put(key, result);
        return reply(key, result);
    }

    private static List<KeyValue> reply(NegotiationKey key, String value) {
        return List.of(new KeyValue(key.wireName(), value));
    }

    private String own(NegotiationKey key) {
        String value = own.get(key);
        if (value == null) {
            throw new IllegalStateException("no target value for " + key.wireName());
        }
        return value;
    }

    private int number(NegotiationKey key) {
        return (int) parse(effective(key));
    }

    private boolean yes(NegotiationKey key) {
        return "Yes".equals(effective(key));
    }
}
