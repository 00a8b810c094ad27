package dev.jobqueue.scheduling;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.lifecycle.IllegalTransitionException;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JpaJobReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything an application does with jobs that exist: read and search them, fire a lifecycle
 * event, update their data. {@link JobScheduler} makes new ones. Both are beans of the starter;
 * inside a Spring transaction every read and write joins it.
 *
 * <p>Reads go through the JPA entities {@link dev.jobqueue.domain.Job} and
 * {@link dev.jobqueue.domain.JobData} in the application's persistence unit ({@link JobDetails}
 * is their view); so the bean exists when the application has a JPA {@code EntityManagerFactory}.
 *
 * <pre>{@code
 * jobs.find(id).ifPresent(job -> log.info("{} is {}", id, job.subStateCode()));
 * jobs.fire(id, APPROVE);
 * JobPage failed = jobs.search(JobFilter.all().type(REPORT).state(JobState.FAILED), JobPageRequest.first(50));
 * }</pre>
 *
 * @since 0.2.0
 */
public final class Jobs {

    private final JobQueue queue;
    private final JpaJobReader reader;

    // Not API: the starter creates the bean (SchedulingBeans); applications inject it.
    Jobs(JobQueue queue, JpaJobReader reader) {
        this.queue = queue;
        this.reader = reader;
    }

    /** Both rows of a job, or empty when no job has this id. */
    public Optional<JobDetails> find(JobId id) {
        return reader.find(id);
    }

    /**
     * Every job of a tenant with this correlation id, oldest first.
     *
     * @throws InvalidJobInputException for a blank id, which means "no correlation"
     */
    public List<JobDetails> findByCorrelationId(Tenant tenant, String correlationId) {
        return reader.findByCorrelationId(tenant, correlationId);
    }

    /** Every row of a retry group (one per run of the same job), first run first. */
    public List<JobDetails> findByRetryGroup(String retryGroup) {
        return reader.findByRetryGroup(retryGroup);
    }

    /**
     * Jobs whose user fields equal every non-null field of {@code query}, oldest first.
     *
     * @param limit most jobs returned, 1..10,000
     * @throws InvalidJobInputException for a limit out of range or a query with no field set
     */
    public List<JobDetails> findByUserFields(UserFields query, int limit) {
        return reader.findByUserFields(query, limit);
    }

    /**
     * One page of the jobs that match {@code filter}, newest first (by id, which starts with the
     * time the job was first due). Pages are keyset pages: ask for the next one with
     * {@link JobPage#next()}; jobs inserted or changed between two pages never make a job that
     * was there repeat or go missing. A filter on tenant, type and state (the dashboard's) reads
     * one index range in page order, whatever the tables hold.
     *
     * <pre>{@code
     * JobPage page = jobs.search(JobFilter.all().tenant(tenant).type(type).state(JobState.SCHEDULED),
     *         JobPageRequest.first(100));
     * }</pre>
     *
     * @throws InvalidJobInputException for a cursor that no page gave
     * @since 0.2.0
     */
    public JobPage search(JobFilter filter, JobPageRequest page) {
        return reader.search(filter, page);
    }

    /**
     * How many jobs match {@code filter}, counting no further than {@code cap}: the result says
     * whether counting stopped there, and the count costs at most {@code cap} index entries.
     *
     * @param cap 1..100,000
     * @throws InvalidJobInputException for a cap out of range
     * @since 0.2.0
     */
    public JobCount count(JobFilter filter, int cap) {
        return reader.count(filter, cap);
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
