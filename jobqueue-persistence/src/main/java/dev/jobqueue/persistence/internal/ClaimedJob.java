package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobKey;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job this worker holds: claimed, with a lease until {@link #leaseExpiresAt()}. Its
 * {@link #version()} proves the claim: an outcome recorded with a version that is no longer
 * the row's is refused with {@link JobLostException}.
 *
 * @param correlationId null when the row holds none: NULL, {@code ''} or only whitespace
 * @param pendingExecution executions left after this run
 * @param attempt which attempt this is, from 1: each retry counts one up, a reschedule keeps it
 * @param properties the payload, JSON object text, or null: also for {@code ''} and the Go
 *     library's {@code {"": ""}}
 * @param hasFollowUps whether a job follows this one (a continuation, a batch's count): its end
 *     then schedules or counts them in the same transaction; since 0.2.0
 */
public record ClaimedJob(
        JobId id,
        Tenant tenant,
        JobType jobType,
        @Nullable String correlationId,
        SubState subState,
        int pendingExecution,
        int version,
        Instant processAt,
        Instant leaseExpiresAt,
        String retryGroup,
        int attempt,
        @Nullable String properties,
        UserFields userFields,
        boolean hasFollowUps) {

    public ClaimedJob {
        correlationId = CorrelationIds.orNull(correlationId);
    }

    /** A held job nobody follows. */
    public ClaimedJob(
            JobId id,
            Tenant tenant,
            JobType jobType,
            @Nullable String correlationId,
            SubState subState,
            int pendingExecution,
            int version,
            Instant processAt,
            Instant leaseExpiresAt,
            String retryGroup,
            int attempt,
            @Nullable String properties,
            UserFields userFields) {
        this(
                id,
                tenant,
                jobType,
                correlationId,
                subState,
                pendingExecution,
                version,
                processAt,
                leaseExpiresAt,
                retryGroup,
                attempt,
                properties,
                userFields,
                false);
    }

    /** The primary key of both rows. */
    public JobKey key() {
        return JobKey.of(id);
    }

    /** This job with a new lease, after a heartbeat. */
    ClaimedJob withLease(Instant until) {
        return new ClaimedJob(
                id,
                tenant,
                jobType,
                correlationId,
                subState,
                pendingExecution,
                version,
                processAt,
                until,
                retryGroup,
                attempt,
                properties,
                userFields,
                hasFollowUps);
    }

    @Override
    public String toString() {
        return "job " + id + " (part " + id.part() + ", tenant " + tenant + ", type " + jobType + ", attempt " + attempt
                + ")";
    }
}
