package io.pagewire.protocol.codec;

import static io.pagewire.protocol.codec.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.pagewire.protocol.pdu.Pdu;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The BHS of every "high" sample of {@link PduSamples}, written by hand from the RFC 7143 §11
 * layouts. Each field holds a distinct value, so a field written at the wrong offset, a flag on the
 * wrong bit or a lost high bit shows here (round trips alone cannot see symmetric mistakes).
 */
class EveryOpcodeLayoutTest {
    private static final String LUN = "01 23 45 67 89 ab cd ef";
    private static final String ZERO8 = "00 00 00 00 00 00 00 00";

    private static final List<String> GOLDEN = List.of(
            // NOP-Out, I set; F constant 1
            "40 80 00 00 | 00 00 00 05 |" + LUN
                    + "| 80 00 00 01 | 80 00 00 02 | 80 00 00 03 | 80 00 00 04 |" + ZERO8 + ZERO8,
            // SCSI Command, I; F R W ATTR=7; Extended CDB AHS then Bidi AHS (4 words)
            "41 e7 00 00 | 04 00 00 06 |" + LUN
                    + "| 80 00 00 11 | ff ff ff f0 | 80 00 00 13 | 80 00 00 14"
                    + "| a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af"
                    + "| 00 05 01 00 b0 b1 b2 b3 | 00 05 02 00 80 00 00 15",
            // Task Management Function Request, I; 1 + function 0x7f
            "42 ff 00 00 | 00 00 00 00 |" + LUN
                    + "| 80 00 00 21 | 80 00 00 22 | 80 00 00 23 | 80 00 00 24"
                    + "| 80 00 00 25 | 80 00 00 26 |" + ZERO8,
            // Login Request: T C CSG=3 NSG=3, versions, ISID, TSIH, CID
            "43 cf ff fe | 00 00 00 07 | ff ff ff ff ff fe | ff ff"
                    + "| 80 00 00 31 | ff fe 00 00 | 80 00 00 32 | 80 00 00 33 |" + ZERO8 + ZERO8,
            // Text Request, I; F C
            "44 c0 00 00 | 00 00 00 08 |" + LUN
                    + "| 80 00 00 41 | 80 00 00 42 | 80 00 00 43 | 80 00 00 44 |" + ZERO8 + ZERO8,
            // SCSI Data-Out: F; ExpStatSN at 28, DataSN 36, Buffer Offset 40
            "05 80 00 00 | 00 00 02 00 |" + LUN
                    + "| 80 00 00 51 | 80 00 00 52 | 00 00 00 00 | 80 00 00 53"
                    + "| 00 00 00 00 | 80 00 00 54 | 80 00 00 55 | 00 00 00 00",
            // Logout Request, I; 1 + reason 0x7f; CID
            "46 ff 00 00 | 00 00 00 00 |" + ZERO8
                    + "| 80 00 00 61 | ff ff 00 00 | 80 00 00 62 | 80 00 00 63 |" + ZERO8 + ZERO8,
            // SNACK Request: 1 + type 0xf; BegRun 40, RunLength 44
            "10 8f 00 00 | 00 00 00 00 |" + LUN
                    + "| 80 00 00 71 | 80 00 00 72 | 00 00 00 00 | 80 00 00 73"
                    + "|" + ZERO8 + "| 80 00 00 74 | 80 00 00 75",
            // NOP-In
            "20 80 00 00 | 00 00 00 03 |" + LUN
                    + "| 80 00 00 81 | 80 00 00 82 | 80 00 00 83 | 80 00 00 84"
                    + "| 80 00 00 85 | 00 00 00 00 |" + ZERO8,
            // SCSI Response: 1 . . o u O U . ; Response; Status
            "21 9e ff fe | 00 00 00 14 |" + ZERO8
                    + "| 80 00 00 91 | 80 00 00 92 | 80 00 00 93 | 80 00 00 94"
                    + "| 80 00 00 95 | 80 00 00 96 | 80 00 00 97 | 80 00 00 98",
            // Task Management Function Response
            "22 80 ff 00 | 00 00 00 00 |" + ZERO8
                    + "| 80 00 00 a1 | 00 00 00 00 | 80 00 00 a2 | 80 00 00 a3"
                    + "| 80 00 00 a4 | 00 00 00 00 |" + ZERO8,
            // Login Response: Status-Class 36, Status-Detail 37
            "23 cf ff fe | 00 00 00 09 | ff ff ff ff ff fe | ff ff"
                    + "| 80 00 00 b1 | 00 00 00 00 | 80 00 00 b2 | 80 00 00 b3"
                    + "| 80 00 00 b4 | ff fe 00 00 |" + ZERO8,
            // Text Response: F C
            "24 c0 00 00 | 00 00 00 02 |" + LUN
                    + "| 80 00 00 c1 | 80 00 00 c2 | 80 00 00 c3 | 80 00 00 c4"
                    + "| 80 00 00 c5 | 00 00 00 00 |" + ZERO8,
            // SCSI Data-In: F A 0 0 0 O U S; Status at 3; 4099-byte segment
            "25 c7 00 ff | 00 00 10 03 |" + LUN
                    + "| 80 00 00 d1 | 80 00 00 d2 | 80 00 00 d3 | 80 00 00 d4"
                    + "| 80 00 00 d5 | 80 00 00 d6 | 80 00 00 d7 | 80 00 00 d8",
            // Logout Response: Time2Wait 40, Time2Retain 42
            "26 80 ff 00 | 00 00 00 00 |" + ZERO8
                    + "| 80 00 00 e1 | 00 00 00 00 | 80 00 00 e2 | 80 00 00 e3"
                    + "| 80 00 00 e4 | 00 00 00 00 | ff ff ff fe | 00 00 00 00",
            // R2T
            "31 80 00 00 | 00 00 00 00 |" + LUN
                    + "| 80 00 00 f1 | 80 00 00 f2 | 80 00 00 f3 | 80 00 00 f4"
                    + "| 80 00 00 f5 | 80 00 00 f6 | 80 00 00 f7 | 80 00 00 f8",
            // Asynchronous Message: ITT ffffffff; AsyncEvent, AsyncVCode, Parameter1-3
            "32 80 00 00 | 00 00 00 30 |" + LUN
                    + "| ff ff ff ff | 00 00 00 00 | 80 00 01 01 | 80 00 01 02"
                    + "| 80 00 01 03 | ff fe ff ff | ff fe ff fd | 00 00 00 00",
            // Reject: Reason at 2; ITT ffffffff; DataSN/R2TSN at 36
            "3f 80 ff 00 | 00 00 00 30 |" + ZERO8
                    + "| ff ff ff ff | 00 00 00 00 | 80 00 01 11 | 80 00 01 12"
                    + "| 80 00 01 13 | 80 00 01 14 |" + ZERO8);

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everythingReleased() {
        alloc.assertAllReleased();
    }

    static Stream<Arguments> highSamples() {
        return IntStream.range(0, GOLDEN.size()).mapToObj(i -> Arguments.of(i, GOLDEN.get(i)));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("highSamples")
    void headerMatchesTheRfcLayoutBothWays(int index, String golden) {
        List<Pdu> samples = PduSamples.all(alloc);
        Pdu pdu = samples.get(2 * index);
        byte[] expectedHeader = hex(golden);
        byte[] frame = Wire.frame(pdu, false, false);
        assertEquals(hex(expectedHeader), hex(Arrays.copyOf(frame, expectedHeader.length)), pdu.opcode().toString());

        EmbeddedChannel decoder = Wire.decoder(alloc, PduLimits.LOGIN_DEFAULTS);
        Wire.writeInbound(decoder, alloc, frame);
        List<Object> decoded = Wire.readInbound(decoder);
        assertEquals(1, decoded.size());
        PduSamples.assertSamePdu(pdu, decoded.get(0));
        PduSamples.releaseAll(decoded);
        PduSamples.releaseAll(samples);
        assertFalse(decoder.finishAndReleaseAll());
    }
}
