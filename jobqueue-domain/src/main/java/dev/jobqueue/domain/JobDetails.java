package dev.jobqueue.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Both rows of a job, as stored.
 *
 * @param correlationId null when the row holds none: NULL, {@code ''} or only whitespace
 * @param properties the payload; null for NULL, {@code ''} and the Go library's {@code {"": ""}}
 * @param subState as stored; a row the Go library claimed shows state 2 with sub-state 10
 * @param retryGroup null only when the Go library's non-atomic insert left no data row
 * @param attempt null on rows the Go library wrote
 * @since 0.1.0
 */
public record JobDetails(
        JobId id,
        Instant part,
        Tenant tenant,
        JobType jobType,
        @Nullable String correlationId,
        JobState state,
        int subState,
        int pendingExecution,
        int version,
        Instant processAt,
        @Nullable Instant leaseExpiresAt,
        @Nullable Instant createdAt,
        @Nullable Instant updatedAt,
        @Nullable String properties,
        UserFields userFields,
        @Nullable String retryGroup,
        @Nullable Integer attempt) {

    /** The sub-state, when it follows the convention for the row's state. */
    public SubState subStateCode() {
        return SubState.of(subState);
    }
}
