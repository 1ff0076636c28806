package io.pagewire.actors.config;

import java.time.Duration;

/** The tunables of each part of Pagewire, read from the `pagewire` block. */
public final class Settings {
    private Settings() {
    }

    public record Pool(int pageSize, int pages) {
    }

    /**
     * @param loginTimeout time from accept until the final Login Response; a login still going then is dropped
     * @param dataOutPingInterval silence while an R2T is outstanding after which the target pings; zero: nopInInterval
     * @param auditPayloads       count, per connection, the bytes sent straight from arena pages (diagnostic)
     * @param onEventLoop         run each session actor on its connection's Netty event loop
     * @param pageReserve         pages a session keeps leased ahead for its next small commands (0: none)
     * @param sendBuffer          SO_SNDBUF of each connection in bytes; 0 leaves it to the kernel
     */
    public record Session(int cmdWindow, int maxSegment, Duration nopInInterval, Duration nopInTimeout,
                          int maxPendingPdus, Duration loginTimeout, Duration dataOutPingInterval,
                          boolean auditPayloads, boolean onEventLoop, int pageReserve, int sendBuffer) {
    }

    /**
     * @param headerDigests HeaderDigest values the target accepts ("None", "CRC32C"), always with None
     * @param dataDigests   DataDigest values the target accepts, always with None
     */
    public record Negotiation(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                              boolean immediateData, boolean initialR2t, int maxOutstandingR2t,
                              int targetPortalGroupTag, java.util.List<String> headerDigests,
                              java.util.List<String> dataDigests) {
    }

    public record Io(int parallelism, int queueCapacity, boolean inlineReads) {
    }

    public record Identity(String vendor, String product, String revision) {
    }

    /** @param threshold smallest Data-In payload, in bytes, sent as a zero-copy send */
    public record ZeroCopy(ZeroCopyMode mode, int threshold) {
    }
}
