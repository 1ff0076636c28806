package io.pagewire.actors.session;

import io.pagewire.actors.pool.Page;
import io.pagewire.actors.pool.PageBuf;
import io.pagewire.actors.pool.PagePool.ReleaseKind;
import io.pagewire.actors.target.LogicalUnit;
import io.pagewire.protocol.scsi.SenseCode;
import io.pagewire.protocol.scsi.SenseData;
import io.pagewire.streams.pipeline.IoRequest;
import java.util.List;

/**
 * A READ moving {@code length} bytes from the device to the initiator, one segment at a time:
 * lease pages → device fills them → Data-In PDUs carry them to the socket. From that moment the
 * pages belong to the transport; they return to the pool when the buffers are deallocated, never
 * before. The last Data-In carries the status (RFC 7143 §11.7.3).
 */
final class ReadTask implements Task, TaskManagement.LunTask {
    private final TaskHost host;
    private final int itt;
    private final long lun;
    private final LogicalUnit lu;
    private final long deviceOffset;
    private final long length;
    private final Residual residual;
    private long sent;
    private int dataSn;
    private long burstBytes;
    private List<Page> pages = List.of();
    private int segmentLength;
    private boolean aborted;

    ReadTask(TaskHost host, int itt, long lun, LogicalUnit lu, long deviceOffset, long length, Residual residual) {
        this.host = host;
        this.itt = itt;
        this.lun = lun;
        this.lu = lu;
        this.deviceOffset = deviceOffset;
        this.length = length;
        this.residual = residual;
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
        leaseNextSegment();
    }

    private void leaseNextSegment() {
        segmentLength = (int) Math.min(host.maxSegment(), length - sent);
        host.lease(this, (segmentLength + host.pageSize() - 1) / host.pageSize());
    }

    @Override
    public void onLeased(long tag, List<Page> leased) {
        if (host.submit(this, lu, IoRequest.Operation.READ, deviceOffset + sent, leased, segmentLength, false)) {
            pages = leased;
        } else {
            host.release(leased, ReleaseKind.UNUSED);
            host.busy(itt);
            host.finished(this);
        }
    }

    @Override
    public void onIoDone(long tag, Throwable failure) {
        if (failure != null || aborted) {
            host.release(pages, ReleaseKind.UNUSED);
            pages = List.of();
            if (aborted) {
                return;
            }
            host.checkCondition(itt, SenseData.of(SenseCode.UNRECOVERED_READ_ERROR,
                    (deviceOffset + sent) / lu.info().geometry().blockSize()), Residual.NONE);
            host.finished(this);
            return;
        }
        sendSegment();
        if (sent < length) {
            leaseNextSegment();
        } else {
            host.finished(this);
        }
    }

    /** Hands every page of the segment to the transport as Data-In payload. */
    private void sendSegment() {
        int maxPdu = host.parameters().maxSendDataSegment();
        int maxBurst = host.parameters().maxBurstLength();
        int remaining = segmentLength;
        List<Page> carried = pages;
        pages = List.of();
        for (Page page : carried) {
            int pageBytes = Math.min(page.size(), remaining);
            remaining -= pageBytes;
            PageBuf buf = new PageBuf(page, pageBytes, host.pageReturn());
            int offset = 0;
            while (offset < pageBytes) {
                int n = (int) Math.min(Math.min(maxPdu, pageBytes - offset), maxBurst - burstBytes);
                boolean last = sent + n == length;
                burstBytes += n;
                boolean endOfBurst = burstBytes == maxBurst;
                if (endOfBurst) {
                    burstBytes = 0;
                }
                if (last) {
                    host.wire().dataInWithStatus(lun, itt, dataSn++, (int) sent, buf.retainedSlice(offset, n), residual);
                } else {
                    host.wire().dataIn(lun, itt, dataSn++, (int) sent, buf.retainedSlice(offset, n), endOfBurst);
                }
                offset += n;
                sent += n;
            }
            buf.release(); // the slices now hold the page; it returns when the last one is written
        }
    }

    @Override
    public void abort() {
        // Pages in the device's hands come back through onIoDone; none are held otherwise.
        aborted = true;
    }
}
