package io.pagewire.protocol.login;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TargetDirectory;
import io.pagewire.protocol.text.TargetInfo;
import io.pagewire.protocol.text.TargetPolicy;
import io.pagewire.protocol.text.TargetPortal;
import io.pagewire.protocol.text.TextCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing of a whole login (RFC 7143 §6.3, §11.12): sequences of Login Requests with
 * random T/C bits, stages, versions, ISID/TSIH and text — plausible keys with junk values, or raw
 * bytes — against {@link LoginStateMachine}. Every request gets a {@link LoginStep} (never an
 * exception) until the login completes or fails; a failure carries a non-success status and no
 * parameters, a completion carries parameters. Tries come from {@code jqwik.tries.default}.
 */
class LoginStateMachineFuzzTest {
    private static final String TARGET = "iqn.2026-11.io.pagewire:fuzz";
    private static final TargetDirectory DIRECTORY = TargetDirectory.of(List.of(
            new TargetInfo(TARGET, "fuzz", List.of(new TargetPortal("192.0.2.10", 3260, 1)))));

    /** One Login Request's header fields and data segment. */
    record Request(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionMin, long isid,
                   int tsih, byte[] data) {
        LoginRequest pdu() {
            return new LoginRequest(transit, cont, csg, nsg, versionMax, versionMin, isid, tsih, 0x77, 0, 1, 0,
                    Unpooled.wrappedBuffer(data));
        }

        @Override
        public String toString() {
            return "Request[T=" + transit + " C=" + cont + " " + csg + "->" + nsg + " v" + versionMin + ".." + versionMax
                    + " isid=" + Long.toHexString(isid) + " tsih=" + tsih + " "
                    + new String(data, StandardCharsets.ISO_8859_1).replace('\0', '|') + "]";
        }
    }

    @Property
    void everyLoginRequestGetsAStepUntilTheLoginEnds(@ForAll("logins") List<Request> requests) {
        LoginStateMachine machine = new LoginStateMachine(TargetPolicy.DEFAULTS, DIRECTORY);
        for (Request request : requests) {
            if (machine.finished()) {
                return;
            }
            LoginRequest pdu = request.pdu();
            LoginStep step;
            try {
                step = machine.onRequest(pdu);
            } catch (RuntimeException e) {
                throw new AssertionError("onRequest threw for " + request, e);
            } finally {
                pdu.release();
            }
            assertNotNull(step);
            if (step.failed()) {
                assertFalse(step.status().isSuccess(), step::toString);
                assertTrue(machine.finished(), "a failed login accepts nothing more");
            }
            if (step.complete()) {
                assertNotNull(step.parameters());
                assertTrue(machine.finished(), "a complete login accepts nothing more");
            }
        }
    }

    @Provide
    Arbitrary<List<Request>> logins() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("InitiatorName", "TargetName", "SessionType", "AuthMethod", "HeaderDigest",
                        "DataDigest", "MaxRecvDataSegmentLength", "MaxBurstLength", "FirstBurstLength",
                        "ImmediateData", "InitialR2T", "ErrorRecoveryLevel", "MaxConnections", "SendTargets",
                        "TargetAddress", "TargetPortalGroupTag", "CHAP_A", "CHAP_N", "CHAP_R", "X-com.example")),
                Tuple.of(1, Arbitraries.strings().withChars("abcXYZ09.-+@_#").ofMinLength(1).ofMaxLength(20)));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("iqn.2026-11.io.pagewire:initiator", TARGET, "iqn.2026-11.io.other:x",
                        "Normal", "Discovery", "None", "CHAP", "CRC32C,None", "Yes", "No", "0", "1", "8192",
                        "262144", "16777216", "-1", "0x", "", "Reject", "NotUnderstood", "All", "5")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
        Arbitrary<byte[]> text = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(key, value).as(KeyValue::new).list().ofMaxSize(10)
                        .map(TextCodec::encode)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)));
        Arbitrary<Integer> stage = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(0, 1, 3)), Tuple.of(1, Arbitraries.just(2)));
        Arbitrary<Long> isid = Arbitraries.of(0x80_0000_0000_01L, 0x00_0234_5678_9aL, 0xC0_0000_0000_00L,
                0xFFFF_FFFF_FFFFL);
        Arbitrary<Integer> version = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Request> request = Combinators.combine(Arbitraries.of(true, false),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
                        stage, stage, version, version, isid,
                        Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF))))
                .flatAs((t, c, csg, nsg, vmax, vmin, i, tsih) -> text.map(
                        data -> new Request(t, c, csg, nsg, vmax, vmin, i, tsih, data)));
        return request.list().ofMinSize(1).ofMaxSize(5);
    }
}
