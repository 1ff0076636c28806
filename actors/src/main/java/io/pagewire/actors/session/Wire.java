package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.pagewire.protocol.pdu.DataIn;
import io.pagewire.protocol.pdu.NopIn;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.pdu.R2t;
import io.pagewire.protocol.pdu.Reject;
import io.pagewire.protocol.pdu.ScsiResponse;

/**
 * The outbound side of one connection in full-feature phase: stamps StatSN, ExpCmdSN and MaxCmdSN
 * on every PDU the target sends (RFC 7143 §4.2.2.2) and writes it. Writes are batched: the session
 * calls {@link #flush()} once after handling each message. Actor thread only.
 */
final class Wire {
    private final Channel channel;
    private final CmdSnWindow window;
    private int statSn;
    private boolean unflushed;

    Wire(Channel channel, CmdSnWindow window, int firstStatSn) {
        this.channel = channel;
        this.window = window;
        this.statSn = firstStatSn;
    }

    /** A Data-In PDU without status: StatSN is reserved (sent as the current value, not consumed). */
    void dataIn(long lun, int itt, int dataSn, int offset, ByteBuf data, boolean finalInSequence) {
        write(new DataIn(finalInSequence, false, false, false, false, 0, lun, itt, Pdu.RESERVED_TAG, 0,
                window.expCmdSn(), window.maxCmdSn(), dataSn, offset, 0, data));
    }

    /** The last Data-In of a command, carrying GOOD status and the residual (phase collapse, §11.7.3). */
    void dataInWithStatus(long lun, int itt, int dataSn, int offset, ByteBuf data, Residual residual) {
        write(new DataIn(true, false, residual.overflow(), residual.underflow(), true, 0, lun, itt,
                Pdu.RESERVED_TAG, statSn++, window.expCmdSn(), window.maxCmdSn(), dataSn, offset,
                residual.count(), data));
    }

    /** SCSI Response; {@code senseSegment} is the data segment (SenseLength + sense) or empty. */
    void response(int itt, int status, ByteBuf senseSegment, Residual residual, int expDataSn) {
        write(new ScsiResponse(false, false, residual.overflow(), residual.underflow(), 0, status, itt, 0,
                statSn++, window.expCmdSn(), window.maxCmdSn(), expDataSn, 0, residual.count(), senseSegment));
    }

    void r2t(long lun, int itt, int ttt, int r2tSn, int offset, int length) {
        write(new R2t(lun, itt, ttt, statSn, window.expCmdSn(), window.maxCmdSn(), r2tSn, offset, length));
    }

    /** Answer to a NOP-Out ping (consumes a StatSN) or, with itt = reserved, the target's own ping. */
    void nopIn(long lun, int itt, int ttt, ByteBuf data) {
        int sn = itt == Pdu.RESERVED_TAG ? statSn : statSn++;
        write(new NopIn(lun, itt, ttt, sn, window.expCmdSn(), window.maxCmdSn(), data));
    }

    void reject(int reason, byte[] header) {
        write(new Reject(reason, statSn++, window.expCmdSn(), window.maxCmdSn(), 0, Unpooled.wrappedBuffer(header)));
    }

    /** For PDUs built elsewhere (Text, Logout, TMF responses): the builder receives the StatSN to use. */
    void send(StatSnPdu builder) {
        write(builder.build(statSn++, window.expCmdSn(), window.maxCmdSn()));
    }

    interface StatSnPdu {
        Pdu build(int statSn, int expCmdSn, int maxCmdSn);
    }

    void flush() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    Channel channel() {
        return channel;
    }

    private void write(Pdu pdu) {
        channel.write(pdu, channel.voidPromise());
        unflushed = true;
    }
}
