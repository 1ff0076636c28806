package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pagewire.actors.lu.ControlReply;
import io.pagewire.protocol.pdu.DataOut;
import io.pagewire.protocol.pdu.Pdu;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.actors.pool.Page;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A command answered by the logical unit's control actor (PERSISTENT RESERVE IN/OUT, RESERVE,
 * RELEASE): collects the parameter list from immediate data, unsolicited Data-Out and R2Ts (one
 * burst at a time, RFC 7143 §11.8) into a small array on the heap — a parameter list is at most a
 * few hundred bytes, so no page is leased — absorbs any unsolicited data beyond it, then asks and
 * answers. Also serves commands answered without asking (a preset reply, such as RESERVATION
 * CONFLICT) that must first absorb the unsolicited data the initiator is sending anyway.
 */
final class ControlTask implements Task, TaskManagement.LunTask, DataOutTask {

    /** Called once the parameter list is complete; the answer comes back through {@link #answer}. */
    interface Asker {
        void ask(ControlTask task, byte[] parameters);
    }

    private final TaskHost host;
    private final ToIntFunction<Task> ttts;
    private final int itt;
    private final long lun;
    private final long edtlIn;
    private final byte[] parameters;
    private final long unsolicitedEnd;
    private final Asker asker;
    private final ControlReply preset;
    private final Residual residual;
    private boolean unsolicitedDone;
    private long unsolicitedNext;
    private int unsolicitedDataSn;
    private long received;
    private int r2tSn;
    private int openTtt = Pdu.RESERVED_TAG;
    private long solicitedNext;
    private long solicitedEnd;
    private int solicitedDataSn;
    private long nextR2tOffset;
    private SenseData broken;
    private boolean asked;
    private boolean done;

    /**
     * @param parameterLength bytes of parameter list to collect (at most the EDTL)
     * @param preset          when not null, the answer: no parameter list is collected or asked for
     */
    ControlTask(TaskHost host, ToIntFunction<Task> ttts, int itt, long lun, long edtlIn, long edtlOut,
                int parameterLength, ByteBuf immediate, boolean unsolicitedFollows, Asker asker,
                ControlReply preset, Residual residual) {
        this.host = host;
        this.ttts = ttts;
        this.itt = itt;
        this.lun = lun;
        this.edtlIn = edtlIn;
        this.parameters = new byte[parameterLength];
        this.asker = asker;
        this.preset = preset;
        this.residual = residual;
        SessionParameters p = host.parameters();
        // Unsolicited Data-Out follows only when the command's F bit is 0 and InitialR2T=No (§11.3.1);
        // otherwise everything past the immediate data is ours to solicit.
        long unsolicited = p.initialR2t() || !unsolicitedFollows ? immediate.readableBytes()
                : Math.min(p.firstBurstLength(), edtlOut);
        this.unsolicitedEnd = Math.min(unsolicited, edtlOut);
        this.unsolicitedDone = !unsolicitedFollows || p.initialR2t() || unsolicitedEnd <= immediate.readableBytes();
        this.unsolicitedNext = immediate.readableBytes();
        place(0, immediate);
        immediate.release();
        this.nextR2tOffset = Math.min(unsolicitedEnd, parameterLength);
    }

    @Override
    public int itt() {
        return itt;
    }

    @Override
    public long lun() {
        return lun;
    }

    void start() {
        solicit();
        maybeAsk();
    }

    @Override
    public void onDataOut(DataOut pdu) {
        try {
            if (done || asked) {
                return;
            }
            long offset = Integer.toUnsignedLong(pdu.bufferOffset());
            int n = pdu.data().readableBytes();
            if (pdu.ttt() == Pdu.RESERVED_TAG) {
                if (unsolicitedDone || pdu.dataSn() != unsolicitedDataSn || offset != unsolicitedNext
                        || offset + n > unsolicitedEnd) {
                    broken = SenseData.of(SenseCode.DATA_PHASE_ERROR);
                    unsolicitedDone = unsolicitedDone || pdu.finalFlag();
                } else {
                    unsolicitedNext += n;
                    unsolicitedDataSn++;
                    unsolicitedDone = pdu.finalFlag() || unsolicitedNext == unsolicitedEnd;
                    place(offset, pdu.data());
                }
            } else if (pdu.ttt() == openTtt) {
                if (pdu.dataSn() != solicitedDataSn || offset != solicitedNext || offset + n > solicitedEnd) {
                    broken = SenseData.of(SenseCode.DATA_PHASE_ERROR);
                } else {
                    solicitedNext += n;
                    solicitedDataSn++;
                    place(offset, pdu.data());
                }
                if (pdu.finalFlag() || solicitedNext >= solicitedEnd) {
                    openTtt = Pdu.RESERVED_TAG;
                }
            }
        } finally {
            pdu.release();
        }
        solicit();
        maybeAsk();
    }

    @Override
    public boolean ownsTtt(int ttt) {
        return ttt == openTtt;
    }

    /** Copies the part of the Data-Out that falls inside the parameter list. */
    private void place(long offset, ByteBuf data) {
        long from = offset;
        long to = Math.min(offset + data.readableBytes(), parameters.length);
        if (to > from) {
            data.getBytes(data.readerIndex(), parameters, (int) from, (int) (to - from));
            received += to - from;
        }
    }

    /** One R2T at a time for what unsolicited data will not bring. */
    private void solicit() {
        if (preset != null || broken != null || openTtt != Pdu.RESERVED_TAG || nextR2tOffset >= parameters.length) {
            return;
        }
        long burst = Math.min(host.parameters().maxBurstLength(), parameters.length - nextR2tOffset);
        openTtt = ttts.applyAsInt(this);
        solicitedNext = nextR2tOffset;
        solicitedEnd = nextR2tOffset + burst;
        solicitedDataSn = 0;
        host.wire().r2t(lun, itt, openTtt, r2tSn++, (int) nextR2tOffset, (int) burst);
        nextR2tOffset += burst;
    }

    private void maybeAsk() {
        if (done || asked || !unsolicitedDone || openTtt != Pdu.RESERVED_TAG) {
            return;
        }
        if (broken != null) {
            finish(ControlReply.check(broken));
        } else if (preset != null) {
            finish(preset);
        } else if (received >= parameters.length) {
            asked = true;
            asker.ask(this, parameters);
        }
    }

    /** The control actor's answer (session actor thread). */
    void answer(ControlReply reply) {
        if (!done) {
            finish(reply);
        }
    }

    private void finish(ControlReply reply) {
        done = true;
        if (reply.status() == ScsiStatus.CHECK_CONDITION.value()) {
            host.checkCondition(itt, reply.sense(), residual);
        } else if (reply.dataIn().length > 0 && edtlIn > 0) {
            CommandStarter.sendData(host, lun, itt, reply.dataIn(), edtlIn);
        } else {
            host.wire().response(itt, reply.status(), Unpooled.EMPTY_BUFFER,
                    reply.dataIn().length > 0 ? Residual.of(reply.dataIn().length, edtlIn) : residual, r2tSn);
        }
        host.finished(this);
    }

    @Override
    public void onLeased(long tag, List<Page> pages) {
        host.release(pages, io.pagewire.actors.pool.PagePool.ReleaseKind.UNUSED); // never leases
    }

    @Override
    public void onIoDone(long tag, Throwable failure) {
        // never submits I/O
    }

    @Override
    public void abort() {
        done = true;
    }
}
