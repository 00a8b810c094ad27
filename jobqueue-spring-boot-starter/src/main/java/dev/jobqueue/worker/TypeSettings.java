package dev.jobqueue.worker;

import dev.jobqueue.persistence.RetryPolicy;
import java.time.Duration;
import java.util.List;

/**
 * How the workers of one job type run.
 *
 * @param concurrency handlers of this type running at once on this node
 * @param batchSize most jobs claimed in one round trip
 * @param lease how long a claim holds before it counts as abandoned
 * @param retryPolicy when a failed job runs again
 * @param nonRetryable exceptions that fail the job without retry
 * @since 0.1.0
 */
public record TypeSettings(int concurrency, int batchSize, Duration lease, RetryPolicy retryPolicy,
        List<Class<? extends Throwable>> nonRetryable) {

    /** Whether {@code failure} is one of the non-retryable types or a subclass of one. */
    boolean isNonRetryable(Throwable failure) {
        return nonRetryable.stream().anyMatch(type -> type.isInstance(failure));
    }
}
