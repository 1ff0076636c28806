package io.pagewire.actors.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.pagewire.protocol.codec.DecodeFailure;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.codec.PduFrameDecoder;
import io.pagewire.protocol.codec.PduLimits;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.PayloadPdu;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.ScsiResponse;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TextCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking initiator over a plain socket, built from the protocol module's codec: one
 * login to the operational stage, then READ(10)/WRITE(10) with immediate data and the raw PDUs a
 * test wants to see (the target's NOP-In pings, the connection closing). Not thread-safe; one
 * test thread drives it. Target NOP-In pings are answered only while {@link #answerPings} is set.
 */
final class PduClient implements AutoCloseable {
    static final int GOOD = 0x00;
    static final int CHECK_CONDITION = 0x02;
    static final int BUSY = 0x08;
    private static final int MAX_RECV = 262144;
    private static final int RESERVED = Pdu.RESERVED_TAG;

    /** The outcome of one SCSI command: its status, sense bytes (CHECK CONDITION) and Data-In bytes. */
    record Outcome(int status, byte[] sense, byte[] data) {
        int senseKey() {
            return sense.length > 2 ? sense[2] & 0x0f : -1;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new PduFrameDecoder(new PduLimits(MAX_RECV, false, false)));
    private final ArrayDeque<Pdu> received = new ArrayDeque<>();
    private final byte[] readBuffer = new byte[65536];
    private int cmdSn = ThreadLocalRandom.current().nextInt(1, 1 << 20);
    private int expStatSn;
    private int nextItt = 1;
    private int pingsAnswered;
    boolean answerPings = true;

    private PduClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects and logs in to {@code targetName}; fails the test if the login does not complete. */
    static PduClient login(int port, String targetName) throws IOException {
        return login(port, targetName, List.of());
    }

    /** As {@link #login(int, String)}, offering {@code keys} as well (e.g. FirstBurstLength). */
    static PduClient login(int port, String targetName, List<KeyValue> keys) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        PduClient client = new PduClient(socket);
        client.doLogin(targetName, keys);
        return client;
    }

    private void doLogin(String targetName, List<KeyValue> keys) throws IOException {
        long isid = 0x4000_0000_0000L | ThreadLocalRandom.current().nextInt() & 0xffff_ffffL;
        List<KeyValue> offer = new ArrayList<>(List.of(
                new KeyValue("InitiatorName", "iqn.2026-11.io.pagewire.test:pdu-client"),
                new KeyValue("SessionType", "Normal"),
                new KeyValue("TargetName", targetName),
                new KeyValue("HeaderDigest", "None"),
                new KeyValue("DataDigest", "None"),
                new KeyValue("MaxRecvDataSegmentLength", String.valueOf(MAX_RECV))));
        offer.addAll(keys);
        byte[] text = TextCodec.encode(offer);
        ByteBuf data = Unpooled.wrappedBuffer(text);
        while (true) {
            send(new LoginRequest(true, false, 1, 3, 0, 0, isid, 0, 0, 0, cmdSn, expStatSn, data));
            Pdu pdu = next(Duration.ofSeconds(10));
            if (!(pdu instanceof LoginResponse response)) {
                fail("expected a Login Response, got " + pdu);
                return;
            }
            response.release();
            if (response.statusClass() != 0) {
                fail("login refused: class " + response.statusClass() + " detail " + response.statusDetail());
            }
            expStatSn = response.statSn() + 1;
            if (response.transit() && response.nsg() == 3) {
                return;
            }
            data = Unpooled.EMPTY_BUFFER; // the target has more text for us (C bit): ask for it
        }
    }

    Outcome read10(int lun, long lba, int blocks, int blockSize) throws IOException {
        return command(lun, cdb10(0x28, lba, blocks), true, false, blocks * blockSize, Unpooled.EMPTY_BUFFER);
    }

    /** WRITE(10) with all data as immediate data (at most FirstBurstLength, 64 KiB by default). */
    Outcome write10(int lun, long lba, byte[] data, int blockSize) throws IOException {
        return command(lun, cdb10(0x2a, lba, data.length / blockSize), false, true, data.length,
                Unpooled.wrappedBuffer(data));
    }

    /**
     * WRITE(10) the way InitialR2T=No allows: the first {@code immediate} bytes as immediate data,
     * then unsolicited Data-Out PDUs of at most {@code pdu} bytes up to {@code firstBurst}, then the
     * rest as the target's R2Ts ask for it.
     */
    Outcome write10Unsolicited(int lun, long lba, byte[] data, int blockSize, int immediate, int firstBurst, int pdu)
            throws IOException {
        int unsolicitedEnd = Math.min(firstBurst, data.length);
        int itt = nextItt++;
        send(new ScsiCommand(false, immediate >= unsolicitedEnd, false, true, 1, lunField(lun), itt, data.length,
                cmdSn++, expStatSn, cdb10(0x2a, lba, data.length / blockSize), -1,
                Unpooled.wrappedBuffer(data, 0, immediate)));
        sendDataOut(lun, itt, RESERVED, data, immediate, unsolicitedEnd, pdu);
        while (true) {
            Pdu next = next(Duration.ofSeconds(30));
            if (next == null) {
                fail("connection closed during WRITE");
            }
            if (next instanceof R2t r2t && r2t.itt() == itt) {
                sendDataOut(lun, itt, r2t.ttt(), data, r2t.bufferOffset(),
                        r2t.bufferOffset() + r2t.desiredDataTransferLength(), pdu);
                continue;
            }
            try {
                if (next instanceof ScsiResponse response && response.itt() == itt) {
                    expStatSn = response.statSn() + 1;
                    byte[] segment = ByteBufUtil.getBytes(response.data());
                    return new Outcome(response.status(),
                            segment.length > 2 ? Arrays.copyOfRange(segment, 2, segment.length) : new byte[0],
                            new byte[0]);
                }
                fail("unexpected " + next + " during WRITE");
            } finally {
                ReferenceCountUtil.release(next);
            }
        }
    }

    private void sendDataOut(int lun, int itt, int ttt, byte[] data, int from, int to, int pdu) throws IOException {
        int dataSn = 0;
        for (int offset = from; offset < to; offset += pdu) {
            int n = Math.min(pdu, to - offset);
            send(new DataOut(offset + n == to, lunField(lun), itt, ttt, expStatSn, dataSn++,
                    offset, Unpooled.wrappedBuffer(data, offset, n)));
        }
    }

    /** Sends a command and returns its ITT without waiting for the outcome. */
    int submit(int lun, byte[] cdb, boolean read, boolean write, int edtl, ByteBuf immediate) throws IOException {
        int itt = nextItt++;
        send(new ScsiCommand(false, true, read, write, 1, lunField(lun), itt, edtl, cmdSn++, expStatSn, cdb, -1,
                immediate));
        return itt;
    }

    int submitRead10(int lun, long lba, int blocks, int blockSize) throws IOException {
        return submit(lun, cdb10(0x28, lba, blocks), true, false, blocks * blockSize, Unpooled.EMPTY_BUFFER);
    }

    /** A WRITE(10) without any data: the target leases pages and asks for the data with an R2T. */
    int submitWrite10WithoutData(int lun, long lba, int blocks, int blockSize) throws IOException {
        return submit(lun, cdb10(0x2a, lba, blocks), false, true, blocks * blockSize, Unpooled.EMPTY_BUFFER);
    }

    Outcome command(int lun, byte[] cdb, boolean read, boolean write, int edtl, ByteBuf immediate) throws IOException {
        return await(submit(lun, cdb, read, write, edtl, immediate), Duration.ofSeconds(30));
    }

    /** Reads PDUs until the status of {@code itt} arrives. */
    Outcome await(int itt, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative()) {
                fail("no status for ITT " + itt + " within " + timeout);
            }
            Pdu pdu = next(left);
            if (pdu == null) {
                fail("connection closed while waiting for ITT " + itt);
            }
            try {
                if (pdu instanceof DataIn dataIn && dataIn.itt() == itt) {
                    data.write(ByteBufUtil.getBytes(dataIn.data()));
                    if (dataIn.statusPresent()) {
                        expStatSn = dataIn.statSn() + 1;
                        return new Outcome(dataIn.status(), new byte[0], data.toByteArray());
                    }
                } else if (pdu instanceof ScsiResponse response && response.itt() == itt) {
                    expStatSn = response.statSn() + 1;
                    byte[] segment = ByteBufUtil.getBytes(response.data());
                    byte[] sense = segment.length > 2 ? Arrays.copyOfRange(segment, 2, segment.length)
                            : new byte[0];
                    return new Outcome(response.status(), sense, data.toByteArray());
                } else {
                    fail("unexpected " + pdu + " while waiting for ITT " + itt);
                }
            } finally {
                ReferenceCountUtil.release(pdu);
            }
        }
    }

    /**
     * The next PDU other than a NOP-In ping that {@link #answerPings} allows answering, or null
     * once the target closed the connection. The caller releases it. Fails the test on timeout.
     */
    Pdu next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Pdu pdu = received.poll();
            if (pdu != null) {
                if (answerPings && pdu instanceof NopIn ping && ping.ttt() != RESERVED) {
                    ping.release();
                    answer(ping);
                    continue;
                }
                return pdu;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no PDU within " + timeout);
            }
            if (!fill(Duration.ofNanos(left))) {
                return null;
            }
        }
    }

    /**
     * True if the target closes the connection within {@code timeout}. Pings arriving meanwhile are
     * answered if {@link #answerPings} is set; other PDUs are dropped.
     */
    boolean closedWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Pdu pdu; (pdu = received.poll()) != null; ) {
                ReferenceCountUtil.release(pdu);
                if (answerPings && pdu instanceof NopIn ping && ping.ttt() != RESERVED) {
                    try {
                        answer(ping);
                    } catch (IOException writeFailed) {
                        return true; // the target has closed its end already
                    }
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                if (!fill(Duration.ofNanos(left))) {
                    return true;
                }
            } catch (AssertionError timedOut) {
                return false;
            }
        }
    }

    int pingsAnswered() {
        return pingsAnswered;
    }

    private void answer(NopIn ping) throws IOException {
        pingsAnswered++;
        send(new NopOut(true, ping.lun(), RESERVED, ping.ttt(), cmdSn, expStatSn, Unpooled.EMPTY_BUFFER));
    }

    /** Reads once from the socket into the decoder. @return false at end of stream (or a reset). */
    private boolean fill(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int n;
        try {
            n = in.read(readBuffer);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing from the target within " + timeout);
        } catch (java.net.SocketException reset) {
            return false;
        }
        if (n < 0) {
            return false;
        }
        decoder.writeInbound(Unpooled.copiedBuffer(readBuffer, 0, n));
        for (Object message; (message = decoder.readInbound()) != null; ) {
            if (message instanceof DecodeFailure failure) {
                fail("cannot decode what the target sent: " + failure.detail());
            }
            received.add((Pdu) message);
        }
        return true;
    }

    void send(Pdu pdu) throws IOException {
        ByteBuf frame = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT, false, false);
        try {
            frame.readBytes(socket.getOutputStream(), frame.readableBytes());
            socket.getOutputStream().flush();
        } finally {
            frame.release();
            if (pdu instanceof PayloadPdu payload) {
                payload.release();
            }
        }
    }

    static byte[] cdb10(int opcode, long lba, int blocks) {
        ByteBuffer cdb = ByteBuffer.allocate(16);
        cdb.put(0, (byte) opcode);
        cdb.putInt(2, (int) lba);
        cdb.putShort(7, (short) blocks);
        return cdb.array();
    }

    /** Single-level LUN, peripheral addressing (SAM-5 §4.7.3), as the 8-byte LUN field. */
    static long lunField(int lun) {
        assertEquals(lun, lun & 0xff, "only LUNs 0..255");
        return (long) lun << 48;
    }

    @Override
    public void close() throws IOException {
        for (Pdu pdu; (pdu = received.poll()) != null; ) {
            ReferenceCountUtil.release(pdu);
        }
        decoder.finishAndReleaseAll();
        socket.close();
    }
}
