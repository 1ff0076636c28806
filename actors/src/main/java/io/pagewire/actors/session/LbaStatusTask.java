package io.pagewire.actors.session;

import io.netty.buffer.Unpooled;
import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PageBuf;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.ScsiStatus;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.commands.GetLbaStatus;
import io.pagewire.streams.pipeline.IoRequest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * GET LBA STATUS on a thin unit: one leased page, filled by the device's pipeline with LBA status
 * descriptors (SBC-3 §5.6), then carried to the initiator as Data-In like a READ's pages: the page
 * returns to the pool when the transport lets go of it. The answer is cut to the ALLOCATION LENGTH
 * and the Expected Data Transfer Length; residuals as for any Data-In command.
 */
final class LbaStatusTask implements Task, TaskManagement.LunTask {
    private final TaskHost host;
    private final int itt;
    private final long lun;
    private final LogicalUnit lu;
    private final long lba;
    private final long allocationLength;
    private final long edtl;
    private List<Page> pages = List.of();
    private int filled;
    private boolean aborted;

    LbaStatusTask(TaskHost host, int itt, long lun, LogicalUnit lu, long lba, long allocationLength, long edtl) {
        this.host = host;
        this.itt = itt;
        this.lun = lun;
        this.lu = lu;
        this.lba = lba;
        this.allocationLength = allocationLength;
        this.edtl = edtl;
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
        host.lease(this, 1);
    }

    @Override
    public void onLeased(long tag, List<Page> leased) {
        // At least one descriptor's room, at most a page: more descriptors than a page holds are
        // not needed (the initiator asks again from where the answer ended).
        filled = (int) Math.min(host.pageSize(), Math.max(GetLbaStatus.MIN_BUFFER, allocationLength));
        long byteOffset = lba * lu.info().geometry().blockSize();
        if (host.submit(this, lu, leased, filled, (views, done) ->
                new IoRequest(IoRequest.Operation.GET_LBA_STATUS, byteOffset, views, false, done))) {
            pages = leased;
        } else {
            host.release(leased, ReleaseKind.UNUSED);
            host.busy(itt);
            host.finished(this);
        }
    }

    @Override
    public void onIoDone(long tag, Throwable failure) {
        List<Page> carried = pages;
        pages = List.of();
        if (aborted) {
            host.release(carried, ReleaseKind.UNUSED);
            return;
        }
        if (failure != null) {
            host.release(carried, ReleaseKind.UNUSED);
            host.checkCondition(itt, SenseData.of(SenseCode.UNRECOVERED_READ_ERROR), Residual.NONE);
            host.finished(this);
            return;
        }
        Page page = carried.get(0);
        ByteBuffer data = page.view(filled);
        long available = Math.min(Math.min(GetLbaStatus.dataLength(data), filled), allocationLength);
        Residual residual = Residual.of(available, edtl);
        int sending = (int) Math.min(available, edtl);
        if (sending == 0) {
            host.release(carried, ReleaseKind.UNUSED);
            host.wire().response(itt, ScsiStatus.GOOD.value(), Unpooled.EMPTY_BUFFER, residual, 0);
            host.finished(this);
            return;
        }
        PageBuf buf = new PageBuf(page, sending, host.pageReturn());
        int maxPdu = host.parameters().maxSendDataSegment();
        int dataSn = 0;
        for (int offset = 0; offset < sending; offset += maxPdu) {
            int n = Math.min(maxPdu, sending - offset);
            if (offset + n == sending) {
                host.wire().dataInWithStatus(lun, itt, dataSn, offset, buf.retainedSlice(offset, n), residual);
            } else {
                host.wire().dataIn(lun, itt, dataSn++, offset, buf.retainedSlice(offset, n), false);
            }
        }
        buf.release(); // the slices now hold the page
        host.finished(this);
    }

    @Override
    public void abort() {
        // A page in the device's hands comes back through onIoDone; none is held otherwise.
        aborted = true;
    }
}
