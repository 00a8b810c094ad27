package dev.jobqueue.scheduling;

import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobCount;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.domain.WorkerNode;
import dev.jobqueue.lifecycle.IllegalTransitionException;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JpaJobReader;
import dev.jobqueue.worker.TenantShards;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
    private final Function<JobType, @Nullable Integer> typeExecutions;
    private final @Nullable TenantShards shards;

    // Not API: the starter creates the bean (SchedulingBeans); applications inject it.
    Jobs(JobQueue queue, JpaJobReader reader) {
        this(queue, reader, type -> null);
    }

    // Not API either; typeExecutions: the executions configured for a job type, or null for the queue's default.
    Jobs(JobQueue queue, JpaJobReader reader, Function<JobType, @Nullable Integer> typeExecutions) {
        this(queue, reader, typeExecutions, null);
    }

    // Not API either; shards: the databases of jobqueue.shards, asked by find(id) after the default one.
    Jobs(
            JobQueue queue,
            JpaJobReader reader,
            Function<JobType, @Nullable Integer> typeExecutions,
            @Nullable TenantShards shards) {
        this.shards = shards;
        this.queue = queue;
        this.reader = reader;
        this.typeExecutions = typeExecutions;
    }

    /**
     * Both rows of a job, or empty when no job has this id. With {@code jobqueue.shards}, the
     * default database is asked first, then every shard (see {@link TenantShards#details(JobId)}).
     *
     * @throws dev.jobqueue.worker.ShardUnavailableException when no reachable database has the job
     *     and a shard could not be asked
     */
    public Optional<JobDetails> find(JobId id) {
        Optional<JobDetails> found = reader.find(id);
        if (found.isPresent() || shards == null) {
            return found;
        }
        return shards.details(id);
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

    /**
     * A batch's progress ({@link JobScheduler#batch()}): how many members succeeded, failed for good
     * or were cancelled, how many remain, and when the last one finished. The counts are updated in
     * the transaction that ends each member, so they are exact on any number of nodes.
     *
     * @param batchId the id {@link dev.jobqueue.domain.Batch#id()} gave
     * @return empty when no batch has this id
     * @since 0.2.0
     */
    public Optional<BatchProgress> batch(String batchId) {
        return queue.batch(batchId);
    }

    /**
     * The newest batches with their progress, newest first (by creation time, then id). The
     * batches table holds one row per batch (not per member), read backwards along its index on
     * the creation time; partition maintenance deletes the batches that finished more than the
     * retention ago.
     *
     * <pre>{@code
     * for (BatchProgress batch : jobs.recentBatches(20)) {
     *     log.info("{}: {} of {} remaining", batch.id(), batch.remaining(), batch.total());
     * }
     * }</pre>
     *
     * @param limit most batches returned, 1..1,000
     * @throws InvalidJobInputException for a limit out of range
     * @since 0.2.0
     */
    public List<BatchProgress> recentBatches(int limit) {
        return queue.recentBatches(limit);
    }

    /**
     * The batch a job belongs to as a member, while its retry group has not finished: once the
     * member ends (it succeeded, failed for good or was cancelled) it is counted in its batch's
     * progress and this returns empty. A read of one primary key range.
     *
     * @param job a job {@link #find(JobId)} returned
     * @return the batch's progress, or empty for a job that is no batch's unfinished member
     * @since 0.2.0
     */
    public Optional<BatchProgress> batchOfMember(JobDetails job) {
        String retryGroup = job.retryGroup();
        if (retryGroup == null) {
            return Optional.empty();
        }
        return queue.batchOfMember(retryGroup).flatMap(queue::batch);
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

    /**
     * The due jobs that no live worker node serves, by type and tenant: scheduled, due, and of a
     * type and tenant that no node whose heartbeat is recent runs a handler for (its handler was
     * removed, or every node serving it stopped). Empty when every due job has a node. Counted up
     * to 10,000 jobs in all. Types that only the Go library runs are listed too: its nodes do not
     * register.
     *
     * @since 0.2.0
     */
    public List<UnservedQueue> unserved() {
        return queue.unserved();
    }

    // Operations (issue #14): what an operator does to jobs. Outside a transaction each runs in
    // transactions of its own (bulk ones: one per 500 jobs); inside one, it joins it.

    /**
     * Cancels a job that has not finished. A scheduled job never runs. A running job ends
     * cancelled at once; the node running it learns it within one heartbeat interval, its
     * {@code JobContext.isCancelled()} turns true, its thread is interrupted after
     * {@code jobqueue.types.<name>.cancel-grace}, and its outcome is dropped.
     *
     * @return {@code APPLIED}, {@code ALREADY_FINISHED} for a job that had finished,
     *     {@code NOT_FOUND}; nothing is written unless applied
     * @since 0.2.0
     */
    public JobOperationResult cancel(JobId id) {
        return queue.cancel(id);
    }

    /**
     * Runs a scheduled job that is due later now: a new row of its retry group, due now and with
     * the same executions, takes its place ({@link JobOperationResult#newJob()}); the old row ends
     * in sub-state 32.
     *
     * @return {@code NOT_ALLOWED} for a job that is already due, held or running
     * @since 0.2.0
     */
    public JobOperationResult runNow(JobId id) {
        return queue.runNow(id);
    }

    /**
     * Retries a job that failed for good (sub-state 42, 43 or 45) or was cancelled (49): a new row
     * of its retry group, due now, with the executions configured for its type
     * ({@code jobqueue.types.<name>.executions}, else {@code jobqueue.default-executions}). The old
     * row stays as history, in sub-state 44; retrying it again answers {@code NOT_ALLOWED}.
     *
     * @since 0.2.0
     */
    public JobOperationResult retryNow(JobId id) {
        return queue.retryNow(id, this::executionsOf);
    }

    /**
     * As {@link #retryNow(JobId)}, with {@code executions} executions.
     *
     * @param executions 1..255
     * @throws InvalidJobInputException for executions out of range; nothing is written then
     * @since 0.2.0
     */
    public JobOperationResult retryNow(JobId id, int executions) {
        requireExecutions(executions);
        return queue.retryNow(id, type -> executions);
    }

    /**
     * Cancels every unfinished job the filter matches, 500 per transaction.
     *
     * @return how many jobs were cancelled
     * @since 0.2.0
     */
    public long cancelAll(JobFilter filter) {
        return queue.cancelAll(filter);
    }

    /**
     * Retries every job the filter matches that failed for good or was cancelled, as
     * {@link #retryNow(JobId)} does, 500 per transaction; a second call retries none of them again.
     *
     * @return how many jobs were retried, which is how many new rows were scheduled
     * @since 0.2.0
     */
    public long retryAll(JobFilter filter) {
        return queue.retryAll(filter, this::executionsOf);
    }

    /**
     * As {@link #retryAll(JobFilter)}, with {@code executions} executions for each new row.
     *
     * @param executions 1..255
     * @since 0.2.0
     */
    public long retryAll(JobFilter filter, int executions) {
        requireExecutions(executions);
        return queue.retryAll(filter, type -> executions);
    }

    /**
     * Pauses a job type, for one tenant or (tenant null) for every tenant: within one poll
     * interval no node claims its jobs; running jobs finish. Stored in the queue's
     * {@code X_paused} table, so it holds across restarts until {@link #resume}. Go workers
     * sharing the tables do not read it.
     *
     * @param by who pauses it (shown with the pause), at most 128 characters
     * @return whether it was not paused yet
     * @since 0.2.0
     */
    public boolean pause(JobType type, @Nullable Tenant tenant, String by) {
        return queue.pause(type, tenant, by);
    }

    /**
     * Lifts the pause of a job type for the same tenant (or null for the pause of every tenant):
     * nodes claim its jobs again within one poll interval.
     *
     * @return whether it was paused
     * @since 0.2.0
     */
    public boolean resume(JobType type, @Nullable Tenant tenant) {
        return queue.resume(type, tenant);
    }

    /**
     * The pauses in force.
     *
     * @since 0.2.0
     */
    public List<PausedQueue> paused() {
        return queue.paused();
    }

    private int executionsOf(JobType type) {
        Integer configured = typeExecutions.apply(type);
        return configured == null ? queue.settings().defaultExecutions() : configured;
    }

    private static void requireExecutions(int executions) {
        if (executions < 1 || executions > 255) {
            throw InvalidJobInputException.outOfRange("executions", 1, 255, executions);
        }
    }
}
