package io.pagewire.actors.pool;

import java.time.Duration;
import java.util.Map;

/**
 * The PagePool's own account of its pages. {@code outstanding} counts pages leased and not yet
 * back, whether a session, a device handler or the transport holds them.
 */
public record PoolStats(int totalPages, int pageSize, int freePages, int outstanding, int waitingLeases,
                        long leases, long leasesThatWaited, Duration totalWait,
                        Map<PagePool.ReleaseKind, Long> releases, long doubleReleases) {

    public String summary() {
        return String.format("pages total=%d free=%d outstanding=%d (page %d KiB); leases=%d waited=%d wait=%dms; "
                        + "releases=%s; double-releases=%d",
                totalPages, freePages, outstanding, pageSize / 1024, leases, leasesThatWaited,
                totalWait.toMillis(), releases, doubleReleases);
    }
}
