package io.pagewire.actors.e2e;

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
import io.pagewire.protocol.login.LoginStatus;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.LoginRequest;
import io.pagewire.protocol.pdu.LoginResponse;
import io.pagewire.protocol.pdu.LogoutRequest;
import io.pagewire.protocol.pdu.LogoutResponse;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.NopOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiCommand;
import io.pagewire.protocol.pdu.ScsiResponse;
import io.pagewire.protocol.text.KeyValue;
import io.pagewire.protocol.text.TextCodec;
import io.pagewire.protocol.text.TextFormatException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A blocking iSCSI initiator for tests: one TCP connection, PDUs written with
 * {@link PduEncoder#encode} and read frame by frame (the BHS says how much follows) through a
 * {@link PduFrameDecoder} in an {@link EmbeddedChannel}. CRC32C digests once {@link #digests} turns them on; one connection per session,
 * one outstanding command at a time. Every read times out after {@link #READ_TIMEOUT}, so a silent
 * target fails the test instead of hanging it. One test thread only.
 *
 * <p>PDUs returned by {@link #readPdu()} belong to the caller (release them); the higher-level
 * helpers release everything they read. Public for the tests of other packages (session login).
 */
public final class RawInitiator implements AutoCloseable {
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    public static final int BLOCK_SIZE = 512;
    /** ISID type 10b (random), RFC 7143 §11.12.5; tests vary the low bits. */
    public static final long ISID_BASE = 0x80_0000_0000_00L;

    private static final int BHS_LENGTH = 48;
    private static final int LOGIN_CMD_SN = 1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel frames = new EmbeddedChannel(
            new PduFrameDecoder(new PduLimits(PduLimits.MAX_DATA_SEGMENT_LENGTH, false, false)));
    private int nextItt = 0x100;
    private int cmdSn = LOGIN_CMD_SN;
    private int expStatSn;
    private int maxSendSegment = 8192;
    private boolean headerDigest;
    private boolean dataDigest;

    /** What a Login Response said, its text decoded and its buffer released. */
    public record Login(int statusClass, int statusDetail, boolean transit, int csg, int nsg, int versionActive,
                        long isid, int tsih, int statSn, int expCmdSn, int maxCmdSn, List<KeyValue> keys) {

        /** Class and detail as one value, 0x0203 for NOT_FOUND. */
        public int code() {
            return statusClass << 8 | statusDetail;
        }

        public LoginStatus status() {
            return LoginStatus.of(statusClass, statusDetail);
        }

        public boolean succeeded() {
            return statusClass == 0 && transit && nsg == 3;
        }

        public Optional<String> key(String name) {
            return keys.stream().filter(k -> k.key().equals(name)).map(KeyValue::value).findFirst();
        }
    }

    /** The end of a SCSI command: status, the Data-In bytes in order, the sense segment (or empty). */
    public record Outcome(int status, byte[] data, byte[] sense, int residualCount) {
    }

    private RawInitiator(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawInitiator connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** As {@link #connect(int)}, with SO_RCVBUF set to {@code receiveBuffer} bytes (if positive) before connecting. */
    public static RawInitiator connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            return new RawInitiator(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    // ---- login ------------------------------------------------------------------------------------

    /**
     * The keys of a one-request login (operational stage straight to full feature phase) with the
     * operational values libiscsi offers. Drop or replace entries to build a hostile login.
     */
    public static List<KeyValue> loginKeys(String initiatorName, String targetName) {
        List<KeyValue> keys = new ArrayList<>();
        keys.add(new KeyValue("InitiatorName", initiatorName));
        keys.add(new KeyValue("InitiatorAlias", "raw-initiator"));
        keys.add(new KeyValue("TargetName", targetName));
        keys.add(new KeyValue("SessionType", "Normal"));
        keys.add(new KeyValue("HeaderDigest", "None"));
        keys.add(new KeyValue("DataDigest", "None"));
        keys.add(new KeyValue("DefaultTime2Wait", "2"));
        keys.add(new KeyValue("DefaultTime2Retain", "0"));
        keys.add(new KeyValue("IFMarker", "No"));
        keys.add(new KeyValue("OFMarker", "No"));
        keys.add(new KeyValue("ErrorRecoveryLevel", "0"));
        keys.add(new KeyValue("InitialR2T", "No"));
        keys.add(new KeyValue("ImmediateData", "Yes"));
        keys.add(new KeyValue("MaxBurstLength", "262144"));
        keys.add(new KeyValue("FirstBurstLength", "262144"));
        keys.add(new KeyValue("MaxOutstandingR2T", "1"));
        keys.add(new KeyValue("MaxConnections", "1"));
        keys.add(new KeyValue("DataPDUInOrder", "Yes"));
        keys.add(new KeyValue("DataSequenceInOrder", "Yes"));
        keys.add(new KeyValue("MaxRecvDataSegmentLength", "262144"));
        return keys;
    }

    /** A normal login with {@link #loginKeys} and a fresh session (TSIH 0). */
    public Login login(String initiatorName, String targetName) throws IOException {
        return login(initiatorName, targetName, ISID_BASE | 1);
    }

    public Login login(String initiatorName, String targetName, long isid) throws IOException {
        return login(isid, 0, 0, loginKeys(initiatorName, targetName));
    }

    /**
     * Sends one Login Request (CSG=1, NSG=3, T=1, VersionMax=max(versionMin, 0)) and reads the
     * Login Response. On success the session's CmdSN, StatSN and the target's
     * MaxRecvDataSegmentLength are taken from it.
     */
    public Login login(long isid, int tsih, int versionMin, List<KeyValue> keys) throws IOException {
        int itt = nextItt++;
        send(new LoginRequest(true, false, 1, 3, Math.max(versionMin, 0), versionMin, isid, tsih, itt, 0,
                LOGIN_CMD_SN, 0, Unpooled.wrappedBuffer(TextCodec.encode(keys))));
        LoginResponse response = expect(LoginResponse.class);
        try {
            if (response.itt() != itt) {
                throw new AssertionError("Login Response for ITT " + response.itt() + ", sent " + itt);
            }
            return loggedIn(response);
        } finally {
            response.release();
        }
    }

    /**
     * Takes the session's CmdSN, StatSN and the target's MaxRecvDataSegmentLength from a Login
     * Response read with {@link #expect} (when it completes the login); does not release it.
     */
    public Login loggedIn(LoginResponse response) throws IOException {
        try {
            Login login = new Login(response.statusClass(), response.statusDetail(), response.transit(),
                    response.csg(), response.nsg(), response.versionActive(), response.isid(), response.tsih(),
                    response.statSn(), response.expCmdSn(), response.maxCmdSn(), TextCodec.decode(response.data()));
            if (login.succeeded()) {
                cmdSn = response.expCmdSn();
                expStatSn = response.statSn() + 1;
                maxSendSegment = login.key("MaxRecvDataSegmentLength").map(Integer::parseInt).orElse(8192);
            }
            return login;
        } catch (TextFormatException e) {
            throw new AssertionError("Login Response text is malformed", e);
        }
    }

    // ---- full feature phase -----------------------------------------------------------------------

    /** Initiator Task Tags are never reused on one connection. */
    public int newItt() {
        return nextItt++;
    }

    /** The CmdSN the next non-immediate command carries; {@link #consumeCmdSn()} advances it. */
    public int cmdSn() {
        return cmdSn;
    }

    public int consumeCmdSn() {
        return cmdSn++;
    }

    public int expStatSn() {
        return expStatSn;
    }

    /** A status with {@code statSn} was read outside {@link #collect}: the next ExpStatSN follows it. */
    public void consumeStatSn(int statSn) {
        expStatSn = statSn + 1;
    }

    /** The target's MaxRecvDataSegmentLength: the largest data segment this side may send. */
    public int maxSendSegment() {
        return maxSendSegment;
    }

    /** The 16-byte CDB field of a 10-byte READ/WRITE-style CDB (LBA in bytes 2-5, length in 7-8). */
    public static byte[] cdb10(int operationCode, int lba, int blocks) {
        byte[] field = new byte[16];
        field[0] = (byte) operationCode;
        field[2] = (byte) (lba >>> 24);
        field[3] = (byte) (lba >>> 16);
        field[4] = (byte) (lba >>> 8);
        field[5] = (byte) lba;
        field[7] = (byte) (blocks >>> 8);
        field[8] = (byte) blocks;
        return field;
    }

    /**
     * A SCSI command that moves no data to the target, SIMPLE attribute; the answer (Data-In and
     * status) is collected. {@code cdb} is the 16-byte CDB field.
     */
    public Outcome command(long lun, byte[] cdb, int expectedInLength) throws IOException {
        int itt = newItt();
        send(new ScsiCommand(false, true, expectedInLength > 0, false, 1, lun, itt, expectedInLength,
                consumeCmdSn(), expStatSn, cdb, -1, Unpooled.EMPTY_BUFFER));
        return collect(itt);
    }

    /** Reads Data-In PDUs and the status of task {@code itt}; fails on anything else. */
    public Outcome collect(int itt) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (true) {
            Pdu pdu = readPdu();
            try {
                if (pdu.itt() != itt) {
                    throw new AssertionError("expected PDUs of ITT " + itt + ", got " + describe(pdu));
                }
                if (pdu instanceof DataIn dataIn) {
                    if (dataIn.bufferOffset() != data.size()) {
                        throw new AssertionError("Data-In at offset " + dataIn.bufferOffset() + ", expected "
                                + data.size());
                    }
                    data.write(ByteBufUtil.getBytes(dataIn.data()));
                    if (dataIn.statusPresent()) {
                        expStatSn = dataIn.statSn() + 1;
                        return new Outcome(dataIn.status(), data.toByteArray(), new byte[0], dataIn.residualCount());
                    }
                } else if (pdu instanceof ScsiResponse response) {
                    expStatSn = response.statSn() + 1;
                    return new Outcome(response.status(), data.toByteArray(), ByteBufUtil.getBytes(response.data()),
                            response.residualCount());
                } else {
                    throw new AssertionError("expected Data-In or SCSI Response, got " + describe(pdu));
                }
            } finally {
                ReferenceCountUtil.release(pdu);
            }
        }
    }

    public Outcome testUnitReady() throws IOException {
        return command(0, new byte[16], 0);
    }

    /** READ(10) of {@code blocks} 512-byte blocks; fails unless the status is GOOD. */
    public byte[] read10(int lba, int blocks) throws IOException {
        Outcome outcome = command(0, cdb10(0x28, lba, blocks), blocks * BLOCK_SIZE);
        if (outcome.status() != 0) {
            throw new AssertionError("READ(10) status " + outcome.status());
        }
        return outcome.data();
    }

    /**
     * WRITE(10) of {@code data} (whole 512-byte blocks, at most the target's MaxRecvDataSegmentLength
     * and FirstBurstLength) to {@code lun} as immediate data, F = 1, with or without FUA; returns the
     * outcome.
     */
    public Outcome write10(long lun, int lba, byte[] data, boolean fua) throws IOException {
        if (data.length % BLOCK_SIZE != 0 || data.length > maxSendSegment) {
            throw new IllegalArgumentException(data.length + " bytes: whole blocks in one segment");
        }
        byte[] cdb = cdb10(0x2a, lba, data.length / BLOCK_SIZE);
        if (fua) {
            cdb[1] = 0x08;
        }
        int itt = newItt();
        send(new ScsiCommand(false, true, false, true, 1, lun, itt, data.length, consumeCmdSn(), expStatSn, cdb,
                -1, Unpooled.wrappedBuffer(data)));
        return collect(itt);
    }

    /**
     * A command whose whole Data-Out {@code data} goes as immediate data (at most the target's
     * MaxRecvDataSegmentLength and FirstBurstLength), F = 1; returns the outcome.
     */
    public Outcome dataOut(long lun, byte[] cdb, byte[] data) throws IOException {
        int itt = newItt();
        send(new ScsiCommand(false, true, false, true, 1, lun, itt, data.length, consumeCmdSn(), expStatSn, cdb,
                -1, Unpooled.wrappedBuffer(data)));
        return collect(itt);
    }

    /** An immediate NOP-Out ping with {@code payload}; returns what the NOP-In echoed. */
    public byte[] ping(byte[] payload) throws IOException {
        int itt = newItt();
        send(new NopOut(true, 0, itt, Pdu.RESERVED_TAG, cmdSn, expStatSn, Unpooled.wrappedBuffer(payload)));
        NopIn nopIn = expect(NopIn.class);
        try {
            if (nopIn.itt() != itt || nopIn.ttt() != Pdu.RESERVED_TAG) {
                throw new AssertionError("NOP-In for ITT " + nopIn.itt() + " TTT " + nopIn.ttt() + ", pinged " + itt);
            }
            expStatSn = nopIn.statSn() + 1;
            return ByteBufUtil.getBytes(nopIn.data());
        } finally {
            nopIn.release();
        }
    }

    /** Logout "close the session"; returns the Logout Response's response code. */
    public int logout() throws IOException {
        int itt = newItt();
        send(new LogoutRequest(true, 0, itt, 0, cmdSn, expStatSn));
        LogoutResponse response = expect(LogoutResponse.class);
        if (response.itt() != itt) {
            throw new AssertionError("Logout Response for ITT " + response.itt() + ", sent " + itt);
        }
        return response.response();
    }

    /**
     * From now on frames carry CRC32C digests both ways (call it right after a login that negotiated
     * them: they start with the first PDU after the final Login Response, RFC 7143 §13.1).
     */
    public void digests(boolean header, boolean data) {
        headerDigest = header;
        dataDigest = data;
        frames.pipeline().get(PduFrameDecoder.class).limits(
                new PduLimits(PduLimits.MAX_DATA_SEGMENT_LENGTH, header, data));
    }

    /** The frame {@link #send} would write for {@code pdu}, digests included; the PDU is released. */
    public byte[] frame(Pdu pdu) {
        ByteBuf frame = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT, headerDigest, dataDigest);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
            ReferenceCountUtil.release(pdu);
        }
    }

    // ---- raw access -------------------------------------------------------------------------------

    /** Encodes and writes one PDU; the PDU is released (its payload is sent by then). */
    public void send(Pdu pdu) throws IOException {
        ByteBuf frame = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT, headerDigest, dataDigest);
        try {
            sendRaw(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
            ReferenceCountUtil.release(pdu);
        }
    }

    /** The 48-byte BHS {@link PduEncoder} writes for {@code pdu}, to be tampered with; the PDU is released. */
    public static byte[] bhs(Pdu pdu) {
        ByteBuf buf = Unpooled.buffer(BHS_LENGTH);
        try {
            PduEncoder.writeBhs(pdu, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
            ReferenceCountUtil.release(pdu);
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads one whole frame (BHS, AHS, data segment and padding) and decodes it. The caller owns
     * the PDU. A frame the decoder cannot turn into a PDU fails the test.
     */
    public Pdu readPdu() throws IOException {
        byte[] bhs = readFully(BHS_LENGTH);
        int ahsLength = (bhs[4] & 0xff) * 4;
        int dataLength = (bhs[5] & 0xff) << 16 | (bhs[6] & 0xff) << 8 | (bhs[7] & 0xff);
        int digests = (headerDigest ? 4 : 0) + (dataDigest && dataLength > 0 ? 4 : 0);
        byte[] rest = readFully(ahsLength + dataLength + (-dataLength & 3) + digests);
        frames.writeInbound(Unpooled.wrappedBuffer(bhs, rest));
        Object decoded = frames.readInbound();
        if (decoded instanceof Pdu pdu) {
            return pdu;
        }
        ReferenceCountUtil.release(decoded);
        throw new AssertionError("target sent a frame the decoder refused: "
                + (decoded instanceof DecodeFailure failure ? failure.detail() : String.valueOf(decoded)));
    }

    /** Reads one PDU and fails unless it is a {@code type}; the caller owns it. */
    public <T extends Pdu> T expect(Class<T> type) throws IOException {
        Pdu pdu = readPdu();
        if (!type.isInstance(pdu)) {
            String what = describe(pdu);
            ReferenceCountUtil.release(pdu);
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + what);
        }
        return type.cast(pdu);
    }

    /**
     * Waits up to {@code within} for the target to close the connection. True on EOF or a reset;
     * false when the time passed with the connection open. Any byte the target sends meanwhile
     * fails the test: read expected PDUs before calling this.
     */
    public boolean expectClosed(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] scratch = new byte[4096];
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(scratch);
                if (n < 0) {
                    return true;
                }
                throw new AssertionError("the target sent " + n + " more bytes: "
                        + ByteBufUtil.hexDump(scratch, 0, Math.min(n, BHS_LENGTH)));
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return true; // connection reset by the target
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            }
        }
    }

    /** Sends a FIN: this side will send nothing more, the target's answers can still be read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads whatever the target sends, PDUs or not, until it closes the connection or {@code within}
     * passes. Returns the bytes read, or -1 when the connection was still open at the deadline.
     */
    public long drainUntilClosed(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] scratch = new byte[8192];
        long total = 0;
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) left);
                int n = in.read(scratch);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw e;
            }
            return total; // connection reset by the target
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            }
        }
    }

    /** Closes with a TCP reset instead of a FIN: the abrupt end of a crashed initiator. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        close();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            frames.finishAndReleaseAll();
        }
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    private static String describe(Pdu pdu) {
        String what = pdu.opcode() + " (ITT 0x" + Integer.toHexString(pdu.itt()) + ")";
        return pdu instanceof Reject reject ? what + " reason 0x" + Integer.toHexString(reject.reason()) : what;
    }
}
