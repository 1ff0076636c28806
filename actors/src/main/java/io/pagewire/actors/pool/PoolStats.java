package io.pagewire.actors.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The PagePool's own account of its pages. {@code outstanding} counts pages leased and not yet
 * back, whether a session, a device handler or the transport holds them; {@code inFlight} is the
 * part of them handed to the transport (a {@link PageBuf} made, its TRANSPORT release not yet in).
 *
 * <p>{@code sendToReleaseMicros} is a histogram of the time from handing a page to the transport to
 * its release: bucket 0 counts under 2 µs, bucket {@code i} counts [2^i, 2^(i+1)) µs, the last
 * bucket everything longer. {@code zeroCopySends} counts pages that went out in a zero-copy send
 * (io_uring SEND_ZC / SENDMSG_ZC) and came back after the kernel's notification. {@code kernelCopied}
 * would count those the kernel copied anyway; Netty 4.2.18 does not pass that flag
 * (IORING_NOTIF_USAGE_ZC_COPIED) on, so it stays 0. {@code auditedPageBytes} and
 * {@code auditedOtherBytes} are the sums of the connections that ended with
 * {@code session.audit-payloads} on: bytes sent straight from pages, and all other bytes.
 */
public record PoolStats(int totalPages, int pageSize, int freePages, int outstanding, int inFlight,
                        int waitingLeases, long leases, long leasesThatWaited, Duration totalWait,
                        Map<PagePool.ReleaseKind, Long> releases, long doubleReleases, long handedToTransport,
                        List<Long> sendToReleaseMicros, long zeroCopySends, long kernelCopied,
                        long auditedPageBytes, long auditedOtherBytes) {

    /** Buckets of {@link #sendToReleaseMicros}: the last one starts at 2^23 µs (about 8 s). */
    public static final int HISTOGRAM_BUCKETS = 24;

    public PoolStats {
        releases = Map.copyOf(releases);
        sendToReleaseMicros = List.copyOf(sendToReleaseMicros);
    }

    /** Pages out of the pool and not (or no longer) the transport's: with a session or a device. */
    public int leased() {
        return outstanding - inFlight;
    }

    public String summary() {
        return String.format("pages total=%d free=%d outstanding=%d (leased=%d in-flight=%d) (page %d KiB); "
                        + "leases=%d waited=%d wait=%dms; releases=%s; double-releases=%d; "
                        + "handed-to-transport=%d zero-copy=%d kernel-copied=%d; send-to-release µs %s",
                totalPages, freePages, outstanding, leased(), inFlight, pageSize / 1024, leases, leasesThatWaited,
                totalWait.toMillis(), releases, doubleReleases, handedToTransport, zeroCopySends, kernelCopied,
                histogram())
                + (auditedPageBytes + auditedOtherBytes > 0
                        ? String.format("; audited page-bytes=%d other-bytes=%d", auditedPageBytes, auditedOtherBytes)
                        : "");
    }

    /** The non-empty buckets as {@code [from µs: count, ...]}. */
    public String histogram() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < sendToReleaseMicros.size(); i++) {
            long count = sendToReleaseMicros.get(i);
            if (count > 0) {
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append(i == 0 ? 0 : 1L << i).append(i == HISTOGRAM_BUCKETS - 1 ? "+" : "").append(": ").append(count);
            }
        }
        return out.append(']').toString();
    }

    /** Releases counted in the send-to-release histogram. */
    public long timedReleases() {
        return sendToReleaseMicros.stream().mapToLong(Long::longValue).sum();
    }
}
