package io.pagewire.streams.pipeline;

import java.io.IOException;

/**
 * Counters of one pipeline, for the actor layer's supervision: a device whose requests keep failing
 * ({@code consecutiveFailures} growing) is a candidate for a restart with backoff.
 *
 * @param succeeded           requests completed with {@link IoResult.Success}
 * @param failed              requests completed with {@link IoResult.Failure}
 * @param consecutiveFailures failures since the last success (0 after any success)
 * @param callbackFailures    completion callbacks that threw (a bug in the caller; logged)
 * @param lastFailure         the cause of the most recent failure, or null if none yet
 */
public record IoHealth(long succeeded, long failed, long consecutiveFailures, long callbackFailures,
                       IOException lastFailure) {

    public static final IoHealth INITIAL = new IoHealth(0, 0, 0, 0, null);
}
