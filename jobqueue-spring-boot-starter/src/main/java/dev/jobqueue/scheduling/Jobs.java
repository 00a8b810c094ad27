package dev.jobqueue.scheduling;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.lifecycle.IllegalTransitionException;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.persistence.internal.JobQueue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything an application does with jobs that exist: read and search them, fire a lifecycle
 * event, update their data. {@link JobScheduler} makes new ones. Both are beans of the starter;
 * inside a Spring transaction every write joins it.
 *
 * <pre>{@code
 * jobs.find(id).ifPresent(job -> log.info("{} is {}", id, job.subStateCode()));
 * jobs.fire(id, APPROVE);
 * }</pre>
 *
 * @since 0.2.0
 */
public final class Jobs {

    private final JobQueue queue;

    /** For the starter's auto-configuration; applications inject the bean. */
    public Jobs(JobQueue queue) {
        this.queue = queue;
    }

    /** Both rows of a job, or empty when no job has this id. */
    public Optional<JobDetails> find(JobId id) {
        return queue.details(id);
    }

    /**
     * Every job of a tenant with this correlation id, oldest first.
     *
     * @throws InvalidJobInputException for a blank id, which means "no correlation"
     */
    public List<JobDetails> findByCorrelationId(Tenant tenant, String correlationId) {
        return queue.findByCorrelationId(tenant, correlationId);
    }

    /** Every row of a retry group (one per run of the same job), first run first. */
    public List<JobDetails> findByRetryGroup(String retryGroup) {
        return queue.findByRetryGroup(retryGroup);
    }

    /**
     * Jobs whose user fields equal every non-null field of {@code query}, oldest first.
     *
     * @param limit most jobs returned, 1..10,000
     */
    public List<JobDetails> findByUserFields(UserFields query, int limit) {
        return queue.findByUserFields(query, limit);
    }

    /** How many jobs of a tenant and type are scheduled and processing. */
    public Map<JobState, Long> countUnfinished(Tenant tenant, JobType type) {
        return queue.countUnfinished(tenant, type);
    }

    /**
     * Applies an application's own lifecycle event (such as {@code approve}) to a job no worker holds.
     *
     * @throws JobNotFoundException when no job has this id
     * @throws IllegalTransitionException when the job's sub-state has no transition for the event
     */
    public Transition fire(JobId id, JobEvent event) {
        return queue.fire(id, event, null);
    }

    /**
     * Applies an event whose transition schedules a next run.
     *
     * @param nextRunAt when that run is due
     */
    public Transition fire(JobId id, JobEvent event, @Nullable Instant nextRunAt) {
        return queue.fire(id, event, nextRunAt);
    }

    /**
     * Replaces a job's properties and user fields.
     *
     * @throws JobNotFoundException when no job has this id; nothing is written then
     */
    public void updateData(JobId id, JobDataUpdate update) {
        queue.updateData(id, update);
    }

    /**
     * Why a failed job row failed: what its handler threw (class, redacted message, stack trace
     * cut to {@code jobqueue.worker.stack-trace-limit}), or that it timed out or its worker died,
     * and the node that ran it. Empty for a row that did not fail, or that the Go library failed.
     *
     * <pre>{@code
     * jobs.failureOf(id).ifPresent(failure -> log.info("{} failed on {}: {}", id, failure.node(), failure.message()));
     * }</pre>
     *
     * @since 0.2.0
     */
    public Optional<JobFailure> failureOf(JobId id) {
        return queue.failureOf(id);
    }

    /**
     * The worker nodes of this queue whose heartbeats are recent (within each node's
     * {@code jobqueue.worker.node-timeout}), oldest start first.
     *
     * @since 0.2.0
     */
    public List<WorkerNode> nodes() {
        return queue.nodeRegistry().live();
    }
}
