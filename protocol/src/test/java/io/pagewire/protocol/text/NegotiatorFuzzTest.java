package io.pagewire.protocol.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of {@link Negotiator}: sequences of requests with random keys (every key of
 * the table, unknown and {@code X-} keys, duplicates) and random values (numbers in and out of range,
 * hex, lists, answer constants, junk) in every login stage and in full feature phase. The negotiator
 * answers or throws {@link NegotiationException}, never anything else; every answer names a key that
 * was offered, and after a NegotiationException the negotiator still answers the next request.
 * Tries come from {@code jqwik.tries.default} ({@code -Pfuzz} raises it).
 */
class NegotiatorFuzzTest {
    private static final List<String> TABLE_KEYS = Arrays.stream(NegotiationKey.values())
            .map(NegotiationKey::wireName).toList();

    /** How the login state machine builds its negotiator (TargetPolicy plus the authenticator's methods). */
    private static Negotiator loginNegotiator() {
        Map<NegotiationKey, String> own = TargetPolicy.DEFAULTS.ownValues();
        own.put(NegotiationKey.AUTH_METHOD, "None");
        return new Negotiator(own);
    }

    @Property
    void loginRequestsGetAnswersOrANegotiationException(@ForAll("requests") List<List<KeyValue>> requests,
                                                        @ForAll boolean leading) {
        Negotiator negotiator = loginNegotiator();
        NegotiationPhase[] stages = {NegotiationPhase.SECURITY, NegotiationPhase.OPERATIONAL};
        for (int i = 0; i < requests.size(); i++) {
            respond(negotiator, requests.get(i), NegotiationContext.login(stages[Math.min(i, 1)], leading));
        }
        // Whatever was agreed, the parameters in effect can be read.
        negotiator.parameters(262144);
    }

    /** As TextExchange negotiates in full feature phase: no own values at all. */
    @Property
    void fullFeatureRequestsGetAnswersOrANegotiationException(@ForAll("requests") List<List<KeyValue>> requests) {
        Negotiator negotiator = new Negotiator(Map.of());
        for (List<KeyValue> request : requests) {
            respond(negotiator, request, NegotiationContext.fullFeature(query -> List.of()));
        }
    }

    private static void respond(Negotiator negotiator, List<KeyValue> offers, NegotiationContext context) {
        List<KeyValue> answers;
        try {
            answers = negotiator.respond(offers, context);
        } catch (NegotiationException e) {
            return; // the one permitted failure: a login error or a Reject
        }
        Set<String> offered = offers.stream().map(KeyValue::key).collect(Collectors.toSet());
        for (KeyValue answer : answers) {
            assertTrue(offered.contains(answer.key()), () -> "answer " + answer + " to offers " + offers);
            assertTrue(TextCodec.utf8Length(answer.value()) <= TextCodec.MAX_LARGE_VALUE_BYTES, answer::toString);
        }
        // The answers are valid text.
        try {
            TextCodec.decode(TextCodec.encode(answers));
        } catch (TextFormatException e) {
            throw new AssertionError("answers are not valid text: " + answers, e);
        }
    }

    @Provide
    Arbitrary<List<List<KeyValue>>> requests() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(TABLE_KEYS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("X-com.example.Key", "X#Vendor", "Unknown", "maxburstlength")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("abcXYZ09.-+@_#").ofMinLength(1).ofMaxLength(63)));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("", "Yes", "No", "None", "CRC32C", "None,CRC32C", "CRC32C,None",
                        ",", "None,", "0", "1", "-1", "+1", "512", "8192", "65535", "65536", "262144", "16777215",
                        "16777216", "4294967296", "9223372036854775807", "9223372036854775808", "0x", "0x10",
                        "0X1000", "0x+1", "0xFFFFFFFFFFFFFFFF", "Normal", "Discovery", "All", "CHAP", "None,CHAP",
                        "RFC3720", "ResponseFence", "NotUnderstood", "Reject", "Irrelevant",
                        "iqn.2026-11.io.pagewire:test", "1.2.3.4:3260,1")),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(300)));
        Arbitrary<KeyValue> pair = Combinators.combine(key, value).as(KeyValue::new);
        return pair.list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(4);
    }
}
