package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Moves one job through the lifecycle with a guarded update, then carries out the
 * transition's effects: the next row of the retry group, or the completion of correlated
 * jobs. The guard ({@code state} and {@code version} as read) makes the update the proof
 * that the caller still holds the job.
 */
final class JobTransitions {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobTransitions.class);

    private static final String MOVE = """
            UPDATE %s
            SET state = ?, sub_state = ?, pending_execution = pending_execution + ?, version = version + 1,
                lease_expires_at = NULL
            WHERE id = ?
              AND part = ?
              AND state = ?
              AND version = ?
            """;
    private static final String COPY_JOB = """
            INSERT INTO %s (id, tenant, correlation_id, job_type, state, sub_state, pending_execution, version,
                            process_at, part)
            SELECT ?, tenant, COALESCE(correlation_id, ''), job_type, ?, ?, ?, 1, ?, ?
            FROM %s
            WHERE id = ?
              AND part = ?
            """;
    // The Go library leaves attempt NULL: a row's place in its retry group is then its rank.
    private static final String COPY_DATA = """
            INSERT INTO %1$s (id, tenant, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, part,
                              retry_group, attempt, has_follow_ups)
            SELECT ?, d.tenant, d.properties, d.string_udf_1, d.string_udf_2, d.int_udf_1, d.int_udf_2, ?,
                   d.retry_group,
                   COALESCE(d.attempt, (SELECT COUNT(*) FROM %1$s g WHERE g.retry_group = d.retry_group
                                                                  AND g.id <= d.id)) + ?,
                   d.has_follow_ups
            FROM %1$s d
            WHERE d.id = ?
              AND d.part = ?
            """;
    private final JdbcTemplate jdbc;
    private final JobLifecycle lifecycle;
    private final String move;
    private final String copyJob;
    private final String copyData;
    private final CorrelatedCompletion correlated;
    private final SessionZone zone;

    JobTransitions(
            JdbcTemplate jdbc,
            TableName table,
            JobLifecycle lifecycle,
            SessionZone zone,
            CorrelatedCompletion correlated) {
        this.jdbc = jdbc;
        this.zone = zone;
        this.lifecycle = lifecycle;
        this.move = MOVE.formatted(table.jobs());
        this.copyJob = COPY_JOB.formatted(table.jobs(), table.jobs());
        this.copyData = COPY_DATA.formatted(table.jobsData());
        this.correlated = correlated;
    }

    /** Where a job is, as its holder last saw it. */
    record Current(
            JobId id,
            Tenant tenant,
            JobType jobType,
            @Nullable String correlationId,
            int state,
            int subState,
            int pendingExecution,
            int version) {}

    /**
     * Applies {@code event} to the job; returns the transition, or null when the guard found
     * the job changed (nothing was written then).
     *
     * @param nextRunAt when the next row of the retry group runs, for transitions that schedule one
     */
    @Nullable
    Transition apply(Current job, JobEvent event, @Nullable Instant nextRunAt) {
        Transition transition = lifecycle.transition(job.state(), job.subState(), event, job.pendingExecution());
        if (transition.has(Effect.SCHEDULE_NOW) || transition.has(Effect.SCHEDULE_FRESH_RUN)) {
            throw new IllegalArgumentException("The event " + event.name() + " is an operator's action on job "
                    + job.id() + ": use Jobs.runNow or Jobs.retryNow, which schedule its next run");
        }
        int updated = jdbc.update(
                move,
                transition.toState().code(),
                transition.to().code(),
                transition.pendingDelta(),
                job.id().value(),
                Sql.utc(job.id().part()),
                job.state(),
                job.version());
        if (updated == 0) {
            return null;
        }
        if (updated > 1) {
            LOGGER.error(
                    "Guarded update of job {} changed {} rows; the primary key (id, part) should allow one",
                    job.id(),
                    updated);
        }
        int pendingAfter = job.pendingExecution() + transition.pendingDelta();
        if (transition.effects().contains(Effect.SCHEDULE_RETRY)) {
            scheduleNextRow(job.id(), requireNextRun(nextRunAt, event, job.id()), pendingAfter, 1);
        }
        if (transition.effects().contains(Effect.SCHEDULE_NEXT_RUN)) {
            // A reschedule is not a failure: the next run gets back the execution this one used.
            scheduleNextRow(job.id(), requireNextRun(nextRunAt, event, job.id()), pendingAfter + 1, 0);
        }
        if (transition.effects().contains(Effect.COMPLETE_CORRELATED) && job.correlationId() != null) {
            correlated.completeSiblings(job.tenant(), job.jobType(), List.of(job.correlationId()));
        }
        return transition;
    }

    private void scheduleNextRow(JobId failed, Instant runAt, int pending, int attemptIncrement) {
        JobId next = JobId.forRunAt(zone.storable(runAt));
        Object part = Sql.utc(next.part());
        Object failedPart = Sql.utc(failed.part());
        jdbc.update(copyData, next.value(), part, attemptIncrement, failed.value(), failedPart);
        jdbc.update(
                copyJob,
                next.value(),
                SubState.SCHEDULED.state().code(),
                SubState.SCHEDULED.code(),
                pending,
                part,
                part,
                failed.value(),
                failedPart);
    }

    private static Instant requireNextRun(@Nullable Instant nextRunAt, JobEvent event, JobId id) {
        if (nextRunAt == null) {
            throw new IllegalArgumentException("The event " + event.name() + " for job " + id
                    + " schedules another run, so it needs the time of that run");
        }
        return nextRunAt;
    }
}
