package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.DuplicateJobException;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDataUpdate;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobNotFoundException;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.RunAt;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.domain.UnservedQueue;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.lifecycle.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * One queue: the operations on a pair of tables {@code X} and {@code X_data}, with the
 * seed's semantics, safe with many workers in many processes. Thread-safe.
 *
 * <p>Scheduling joins the caller's Spring transaction when there is one, so a job exists if
 * and only if the caller's work commits. Every other operation runs in a short READ
 * COMMITTED transaction of its own, retried when it loses a deadlock. Every change of state
 * is asked of the {@link JobLifecycle} and written with a guard on the row's state and
 * version, so a worker that no longer holds a job cannot change it.
 */
public final class JobQueue {

    private static final Instant LAST_LEASE_END = RunAt.MAX.plusMillis(999);

    private final JobQueueSettings settings;
    private final JobLifecycle lifecycle;
    private final Payloads payloads;
    private final LockRetry retry;
    private final QueueStatements joined;
    private final QueueStatements owned;
    private final JobReader reader;
    private final SessionZone zone;
    private final FlowLimits flowLimits = new FlowLimits();
    private final FailureRecords failures;
    private final NodeRegistry nodes;
    private final UnservedJobs unserved;

    /**
     * A queue whose every statement uses {@code dataSource}.
     *
     * @param transactions the application's transaction manager: scheduling joins its transactions
     */
    public JobQueue(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            JobQueueSettings settings,
            JobLifecycle lifecycle,
            JsonMapper json) {
        this(dataSource, transactions, null, settings, lifecycle, json);
    }

    /**
     * A queue that joins the application's transactions on {@code dataSource} and runs its own
     * transactions (claims, outcomes, heartbeats, and scheduling outside a transaction) on
     * {@code ownConnections}, a pool whose connections are already at READ COMMITTED with
     * auto-commit off, so that no transaction has to switch them and switch them back.
     *
     * @param ownConnections the pool for the queue's own transactions, or null to use {@code dataSource}
     */
    public JobQueue(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            @Nullable DataSource ownConnections,
            JobQueueSettings settings,
            JobLifecycle lifecycle,
            JsonMapper json) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.payloads = new Payloads(json);
        this.retry = new LockRetry(settings.lockRetries());
        TableName table = settings.table();
        this.zone = new SessionZone(new JdbcTemplate(ownConnections == null ? dataSource : ownConnections));
        this.joined = QueueStatements.over(
                dataSource, transactions, table, lifecycle, zone, settings.clock(), settings.correlationScopes());
        this.owned = ownConnections == null
                ? joined
                : QueueStatements.over(
                        ownConnections,
                        new JdbcTransactionManager(ownConnections),
                        table,
                        lifecycle,
                        zone,
                        settings.clock(),
                        settings.correlationScopes());
        this.reader = new JobReader(new JdbcTemplate(dataSource), table);
        this.failures = new FailureRecords(new JdbcTemplate(dataSource), table);
        this.nodes = new NodeRegistry(ownConnections == null ? dataSource : ownConnections, table, settings.clock());
        this.unserved = new UnservedJobs(
                new JdbcTemplate(dataSource),
                table,
                lifecycle.sourcesOf(JobEvent.CLAIM).stream().map(SubState::code).toList(),
                nodes,
                settings.clock());
    }

    /** A queue with its own transaction manager, the standard lifecycle and a default JSON mapper. */
    public static JobQueue create(DataSource dataSource, JobQueueSettings settings) {
        return new JobQueue(
                dataSource,
                new JdbcTransactionManager(dataSource),
                settings,
                JobLifecycle.standard(),
                JsonMapper.builder().build());
    }

    public JobQueueSettings settings() {
        return settings;
    }

    public JobLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The concurrency caps and rate limits of this queue's job types, changeable at run time;
     * none by default.
     *
     * @since 0.2.0
     */
    public FlowLimits flowLimits() {
        return flowLimits;
    }

    /** How often this queue's own transactions lost a deadlock or a lock wait, and gave up. */
    public LockContention lockContention() {
        return retry.contention();
    }

    /**
     * Schedules one job: both rows or none.
     *
     * @throws InvalidJobInputException for bad input; nothing is written then
     */
    public JobId schedule(NewJob job) {
        return scheduleAll(List.of(job)).get(0);
    }

    /**
     * Schedules many jobs in one transaction (the caller's, if there is one): all or none.
     *
     * @throws InvalidJobInputException for bad input in any job; nothing is written then
     */
    public List<JobId> scheduleAll(List<NewJob> jobs) {
        return scheduleAll(jobs, null);
    }

    /**
     * As {@link #scheduleAll(List)}, and stores {@code traceContext} (the propagated headers of
     * the span the jobs were scheduled in, opaque here) for every job's retry group in the same
     * transaction; null stores nothing.
     *
     * @since 0.2.0
     */
    public List<JobId> scheduleAll(List<NewJob> jobs, @Nullable String traceContext) {
        List<JobInserter.Row> rows = new ArrayList<>(jobs.size());
        Instant now = settings.clock().instant();
        for (NewJob job : jobs) {
            rows.add(validate(job, now));
        }
        inTransaction("schedule", statements -> {
            statements.inserter().insert(rows);
            if (traceContext != null) {
                statements.traceContexts().insert(rows, traceContext);
            }
            return null;
        });
        return rows.stream().map(JobInserter.Row::id).toList();
    }

    /** The most members a batch has: its rows are written in one transaction. */
    public static final int MAX_BATCH_MEMBERS = 100_000;

    /**
     * Schedules a job and stores the jobs that follow it (issue #16), in one transaction (the
     * caller's, if there is one): those to schedule when it succeeds and those to schedule when it
     * fails for good, each possibly followed in turn. They are scheduled in the transaction that
     * ends the job's retry group; a cancel schedules none.
     *
     * @throws InvalidJobInputException for bad input in any job; nothing is written then
     * @since 0.2.0
     */
    public JobId scheduleChain(JobChain chain) {
        Instant now = settings.clock().instant();
        JobInserter.Row root = validate(chain.job(), now).followed(chain.followed());
        List<FollowUps.Pending> pending = new ArrayList<>();
        collectFollowUps(chain, root.retryGroup(), now, pending);
        inTransaction("schedule", statements -> {
            statements.inserter().insert(List.of(root));
            statements.followUps().store(pending);
            return null;
        });
        return root.id();
    }

    /**
     * Schedules a batch (issue #16): its members, a row that counts them, and the callback job
     * to schedule in the transaction that ends the last member, with the counts of succeeded,
     * failed and cancelled members set as {@code "batch"} in its payload. All in one transaction
     * (the caller's, if there is one).
     *
     * @param callback null for a batch without a callback
     * @throws InvalidJobInputException for no member, more than {@link #MAX_BATCH_MEMBERS}, or bad
     *     input in any job; nothing is written then
     * @since 0.2.0
     */
    public Batch scheduleBatch(List<JobChain> members, @Nullable JobChain callback) {
        if (members.isEmpty() || members.size() > MAX_BATCH_MEMBERS) {
            throw InvalidJobInputException.outOfRange("members", 1, MAX_BATCH_MEMBERS, members.size());
        }
        Instant now = settings.clock().instant();
        String batchId = RetryGroups.next();
        List<JobInserter.Row> rows = new ArrayList<>(members.size());
        List<FollowUps.Pending> pending = new ArrayList<>(members.size());
        for (JobChain member : members) {
            JobInserter.Row row = validate(member.job(), now).followed(true);
            rows.add(row);
            pending.add(new FollowUps.Pending(row.retryGroup(), FollowUps.Kind.BATCH_MEMBER, batchId, null));
            collectFollowUps(member, row.retryGroup(), now, pending);
        }
        JobId callbackId = null;
        if (callback != null) {
            callbackId = JobId.forOccurrence(FollowUps.callbackGroup(batchId), zone.storable(now));
            JobInserter.Row row =
                    validate(callback.job(), now).withId(callbackId).followed(callback.followed());
            pending.add(new FollowUps.Pending(
                    FollowUps.callbackGroup(batchId), FollowUps.Kind.BATCH_CALLBACK, batchId, row));
            collectFollowUps(callback, row.retryGroup(), now, pending);
        }
        JobId fixedCallback = callbackId;
        inTransaction("schedule batch", statements -> {
            statements.inserter().insert(rows);
            statements
                    .followUps()
                    .createBatch(batchId, members.get(0).job().tenant(), members.size(), fixedCallback, now);
            statements.followUps().store(pending);
            return null;
        });
        return new Batch(batchId, rows.stream().map(JobInserter.Row::id).toList(), callbackId);
    }

    /**
     * A batch's progress: its counts, and whether its last member finished.
     *
     * @since 0.2.0
     */
    public Optional<BatchProgress> batch(String batchId) {
        return inTransaction("read batch", statements -> statements.followUps().batch(batchId));
    }

    /** The most batches {@link #recentBatches(int)} returns. */
    public static final int MAX_RECENT_BATCHES = 1_000;

    /**
     * The newest batches, newest first (by creation time, then id). The batches table has one
     * row per batch; this reads the newest {@code limit} backwards along its index on the
     * creation time.
     *
     * @param limit 1..{@link #MAX_RECENT_BATCHES}
     * @throws InvalidJobInputException for a limit out of range
     * @since 0.2.0
     */
    public List<BatchProgress> recentBatches(int limit) {
        if (limit < 1 || limit > MAX_RECENT_BATCHES) {
            throw InvalidJobInputException.outOfRange("limit", 1, MAX_RECENT_BATCHES, limit);
        }
        return inTransaction(
                "read recent batches", statements -> statements.followUps().recent(limit));
    }

    /**
     * The id of the batch whose member has this retry group, while that member has not finished
     * (its membership row is deleted in the transaction that counts it).
     *
     * @since 0.2.0
     */
    public Optional<String> batchOfMember(String retryGroup) {
        return inTransaction(
                "read batch member", statements -> statements.followUps().batchOfMember(retryGroup));
    }

    /** Validates the jobs that follow {@code chain}'s job and adds them, depth first, keyed by {@code parent}. */
    private void collectFollowUps(JobChain chain, String parent, Instant now, List<FollowUps.Pending> out) {
        for (JobChain next : chain.onSuccess()) {
            collectFollowUp(next, parent, FollowUps.Kind.ON_SUCCESS, now, out);
        }
        for (JobChain next : chain.onFailure()) {
            collectFollowUp(next, parent, FollowUps.Kind.ON_FAILURE, now, out);
        }
    }

    private void collectFollowUp(
            JobChain next, String parent, FollowUps.Kind kind, Instant now, List<FollowUps.Pending> out) {
        JobInserter.Row row = validate(next.job(), now).followed(next.followed());
        out.add(new FollowUps.Pending(parent, kind, null, row));
        collectFollowUps(next, row.retryGroup(), now, out);
    }

    /**
     * The trace context stored for a retry group when its first job was scheduled; empty for a job
     * scheduled without tracing, by the Go library, or before the table existed.
     *
     * @since 0.2.0
     */
    public Optional<String> traceContextOf(String retryGroup) {
        // One auto-committed statement outside a transaction (the handler's thread has none),
        // where the queue's own connections would add a commit.
        return joined.traceContexts().find(retryGroup);
    }

    /**
     * Deletes the trace contexts of retry groups whose jobs ended for good, with one statement per
     * 500 groups.
     *
     * @since 0.2.0
     */
    public void deleteTraceContexts(List<String> retryGroups) {
        if (retryGroups.isEmpty()) {
            return;
        }
        inTransaction("delete trace contexts", statements -> {
            statements.traceContexts().delete(retryGroups);
            return null;
        });
    }

    /**
     * Claims up to {@code limit} due jobs of a tenant and type, in due-time order, each with a
     * lease of {@code lease}. No job is ever handed to two claimers.
     */
    public ClaimBatch claim(Tenant tenant, JobType type, int limit, Duration lease) {
        return completeAndClaim(List.of(), tenant, type, limit, lease).claimed();
    }

    /**
     * As {@link #claim(Tenant, JobType, int, Duration)}, and records the runs of the first
     * {@code startedNow} claimed jobs as started, as
     * {@link #completeAndClaim(List, List, Tenant, JobType, int, int, Duration)} does.
     */
    public ClaimBatch claim(Tenant tenant, JobType type, int limit, int startedNow, Duration lease) {
        return completeAndClaim(List.of(), List.of(), tenant, type, limit, startedNow, lease)
                .claimed();
    }

    /**
     * Completes held jobs that finished, as {@link #completeAll(List)} does, and claims the
     * next ones, as {@link #claim(Tenant, JobType, int, Duration)} does, in one transaction: a
     * worker that keeps up with its queue then commits once per batch instead of twice.
     */
    public CompletedAndClaimed completeAndClaim(
            List<ClaimedJob> finished, Tenant tenant, JobType type, int limit, Duration lease) {
        return completeAndClaim(finished, List.of(), tenant, type, limit, lease);
    }

    /**
     * As {@link #completeAndClaim(List, Tenant, JobType, int, Duration)}, and records in the same
     * transaction that the runs of {@code started} jobs started, as {@link #recordStarts(List)}
     * does (those also in {@code finished} need no record).
     */
    public CompletedAndClaimed completeAndClaim(
            List<ClaimedJob> finished,
            List<ClaimedJob> started,
            Tenant tenant,
            JobType type,
            int limit,
            Duration lease) {
        return completeAndClaim(finished, started, tenant, type, limit, 0, lease);
    }

    /**
     * As {@link #completeAndClaim(List, List, Tenant, JobType, int, Duration)}, and records the
     * runs of the first {@code startedNow} claimed jobs (in the batch's order) as started, in the
     * claim's own statement: the caller hands them at once to handler threads that are free, so
     * that lease recovery fails them (their executions spent) even when the node dies before any
     * other write. The caller must not record their starts again ({@link #recordStarts(List)}).
     *
     * @param startedNow 0 to {@code limit}: how many of the claimed jobs start at once
     */
    public CompletedAndClaimed completeAndClaim(
            List<ClaimedJob> finished,
            List<ClaimedJob> started,
            Tenant tenant,
            JobType type,
            int limit,
            int startedNow,
            Duration lease) {
        if (limit < 1 || limit > 10_000) {
            throw InvalidJobInputException.outOfRange("limit", 1, 10_000, limit);
        }
        if (startedNow < 0 || startedNow > limit) {
            throw InvalidJobInputException.outOfRange("startedNow", 0, limit, startedNow);
        }
        return inTransaction(finished.isEmpty() ? "claim" : "complete and claim", statements -> {
            List<FollowUps.Ended> ended = new ArrayList<>();
            List<ClaimedJob> refused =
                    finished.isEmpty() ? List.of() : statements.completer().completeAll(finished, ended);
            Instant now = settings.clock().instant();
            statements.leases().markStarted(stillRunning(started, finished), now);
            ClaimBatch claimed = null;
            if (!flowLimits.isEmpty()) {
                List<FlowLimits.Rule> rules = flowLimits.rulesFor(type, tenant);
                if (!rules.isEmpty()) {
                    claimed = limitedClaim(statements, rules, tenant, type, limit, startedNow, lease);
                }
            }
            if (claimed == null) {
                claimed = statements.claimer().claim(tenant, type, limit, startedNow, now, leaseEnd(now, lease));
            }
            // Last: a batch row is the one row every node's completions share.
            statements.followUps().ended(ended, now);
            return new CompletedAndClaimed(refused, claimed);
        });
    }

    /**
     * A claim under flow limits, in the claim's transaction: the limiter rows stay locked until it
     * commits, so the next claim of the type anywhere in the cluster counts the jobs this one took.
     */
    private ClaimBatch limitedClaim(
            QueueStatements statements,
            List<FlowLimits.Rule> rules,
            Tenant tenant,
            JobType type,
            int limit,
            int startedNow,
            Duration lease) {
        FlowLimiter.Admission admission = statements.flow().admit(rules, flowLimits, limit, settings.clock());
        if (admission.limited()) {
            flowLimits.throttled(type);
        }
        if (admission.allowed() == 0) {
            return new ClaimBatch(List.of(), admission.retryAt(), 0);
        }
        ClaimBatch batch = statements
                .claimer()
                .claim(
                        tenant,
                        type,
                        admission.allowed(),
                        Math.min(startedNow, admission.allowed()),
                        admission.now(),
                        leaseEnd(admission.now(), lease));
        statements.flow().record(admission, batch.jobs().size());
        return batch;
    }

    /**
     * Completes a held job, and the scheduled jobs with the same correlation id when its type
     * opted in ({@link JobQueueSettings#correlationScopes()}).
     *
     * @throws JobLostException when this worker no longer holds the job; nothing changed
     */
    public Transition complete(ClaimedJob job) {
        return outcome(job, JobEvent.COMPLETE, null, "completion");
    }

    /**
     * Completes many held jobs with one statement per lifecycle outcome.
     *
     * @return the jobs that were no longer held; nothing changed for them
     */
    public List<ClaimedJob> completeAll(List<ClaimedJob> jobs) {
        return completeAll(jobs, List.of());
    }

    /**
     * As {@link #completeAll(List)}, and records in the same transaction that the runs of
     * {@code started} jobs started, as {@link #recordStarts(List)} does (those also in
     * {@code jobs} need no record).
     *
     * @return the completed jobs that were no longer held; nothing changed for them
     */
    public List<ClaimedJob> completeAll(List<ClaimedJob> jobs, List<ClaimedJob> started) {
        List<ClaimedJob> running = stillRunning(started, jobs);
        if (jobs.isEmpty() && running.isEmpty()) {
            return List.of();
        }
        return inTransaction(jobs.isEmpty() ? "record starts" : "complete", statements -> {
            statements.leases().markStarted(running, settings.clock().instant());
            if (jobs.isEmpty()) {
                return List.<ClaimedJob>of();
            }
            List<FollowUps.Ended> ended = new ArrayList<>();
            List<ClaimedJob> lost = statements.completer().completeAll(jobs, ended);
            statements.followUps().ended(ended, settings.clock().instant());
            return lost;
        });
    }

    /**
     * Records that the runs of held jobs started (their handlers were called), with one statement
     * for all of them. Lease recovery fails a job whose run started (sub-state 41, its execution
     * spent) and gives a job whose run never started its execution back ({@link JobEvent#RELEASE}).
     * A job no longer held is left alone.
     *
     * @return how many of the jobs were marked
     */
    public int recordStarts(List<ClaimedJob> started) {
        if (started.isEmpty()) {
            return 0;
        }
        return inTransaction(
                "record starts",
                statements -> statements
                        .leases()
                        .markStarted(started, settings.clock().instant()));
    }

    /** The started jobs that are not among the finished ones: a completion supersedes a start. */
    private static List<ClaimedJob> stillRunning(List<ClaimedJob> started, List<ClaimedJob> finished) {
        if (started.isEmpty() || finished.isEmpty()) {
            return started;
        }
        Set<String> done = new HashSet<>();
        finished.forEach(job -> done.add(job.id().value()));
        return started.stream().filter(job -> !done.contains(job.id().value())).toList();
    }

    /**
     * Fails a held job with an application error and retries it at {@code retryAt} in its
     * retry group, or fails it for good (sub-state 43) when it has no execution left.
     */
    public Transition failAndRetry(ClaimedJob job, Instant retryAt) {
        return outcome(job, JobEvent.FAIL_RETRY, retryAt, "failure");
    }

    /** As {@link #failAndRetry(ClaimedJob, Instant)}, at the time the policy gives. */
    public Transition failAndRetry(ClaimedJob job, RetryPolicy policy) {
        return failAndRetry(
                job, policy.nextRunAt(job.attempt(), settings.clock().instant()));
    }

    /** Fails a held job with an error that is not retried (sub-state 42). */
    public Transition failWithoutRetry(ClaimedJob job) {
        return outcome(job, JobEvent.FAIL_NOT_RETRYABLE, null, "failure");
    }

    /** Fails a held job whose handler declined a retry (sub-state 45). */
    public Transition declineRetry(ClaimedJob job) {
        return outcome(job, JobEvent.DECLINE_RETRY, null, "declined retry");
    }

    /**
     * Ends this run of a held job without counting a failure, and schedules the next run at
     * {@code runAt} in the same retry group (the old row ends in sub-state 32).
     */
    public Transition reschedule(ClaimedJob job, Instant runAt) {
        return outcome(job, JobEvent.RESCHEDULE, runAt, "reschedule");
    }

    /**
     * Extends the lease of a held job.
     *
     * @throws JobLostException when this worker no longer holds the job
     */
    public ClaimedJob heartbeat(ClaimedJob job, Duration lease) {
        Instant until = leaseEnd(settings.clock().instant(), lease);
        if (extendLeases(List.of(job), until) == 0) {
            throw new JobLostException(job, "a heartbeat");
        }
        return job.withLease(until);
    }

    /** Extends the leases of held jobs; returns how many were still held. */
    public int heartbeatAll(List<ClaimedJob> jobs, Duration lease) {
        return extendLeases(jobs, leaseEnd(settings.clock().instant(), lease));
    }

    private int extendLeases(List<ClaimedJob> jobs, Instant until) {
        return inTransaction("heartbeat", statements -> statements.leases().extend(jobs, until));
    }

    /**
     * Recovers the processing jobs of a tenant and type whose lease expired (their worker died or
     * hung), without a crash limit: as
     * {@link #recoverExpiredLeaseIds(Tenant, JobType, int, RetryPolicy, int, String)} with
     * {@code maxCrashes} 0, the crash reasons naming no node.
     *
     * @return how many jobs were recovered, failed or released
     */
    public int recoverExpiredLeases(Tenant tenant, JobType type, int limit, RetryPolicy policy) {
        return recoverExpiredLeaseIds(tenant, type, limit, policy, 0, "").size();
    }

    /** Whether the lifecycle releases a job from its sub-state (a custom one may not declare it). */
    private boolean releasable(JobTransitions.Current job) {
        return lifecycle.sourcesOf(JobEvent.RELEASE).contains(lifecycle.subStateOf(job.state(), job.subState()));
    }

    /**
     * Applies an event to a job that no worker holds, such as an application's own
     * {@code hold} or {@code approve}.
     *
     * @param nextRunAt when the next run is, for an event whose transition schedules one
     * @throws JobNotFoundException when no job has this id
     */
    public Transition fire(JobId id, JobEvent event, @Nullable Instant nextRunAt) {
        return inTransaction("event " + event.name(), statements -> {
            JobTransitions.Current current = statements
                    .dataWriter()
                    .lockCurrent(id)
                    .orElseThrow(
                            () -> new JobNotFoundException(id, settings.table().jobs()));
            Transition applied = statements.transitions().apply(current, event, nextRunAt);
            if (applied == null) {
                throw new IllegalStateException("Job " + id + " changed while its row was locked");
            }
            FollowUps.Ending ending = FollowUps.endingOf(applied, event);
            if (ending != null) {
                statements
                        .followUps()
                        .endedByKeys(List.of(id), ending, settings.clock().instant());
            }
            return applied;
        });
    }

    /** Both rows of a job. */
    public Optional<JobDetails> details(JobId id) {
        return reader.details(id);
    }

    /**
     * Both rows of every job of a tenant with a correlation id, oldest first.
     *
     * @throws InvalidJobInputException for a blank id, which means "no correlation"
     */
    public List<JobDetails> findByCorrelationId(Tenant tenant, String correlationId) {
        if (CorrelationIds.orNull(correlationId) == null) {
            throw new InvalidJobInputException(
                    "correlationId",
                    "correlationId must not be blank ('' and" + " whitespace mean no correlation) but was '"
                            + correlationId + "'");
        }
        return reader.byCorrelation(tenant, correlationId);
    }

    /** Every row of a retry group, first run first. */
    public List<JobDetails> findByRetryGroup(String retryGroup) {
        return reader.byRetryGroup(retryGroup);
    }

    /**
     * Jobs whose user fields equal every non-null field of {@code query}, oldest first.
     *
     * @param limit most jobs returned, 1..10,000
     */
    public List<JobDetails> findByUserFields(UserFields query, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw InvalidJobInputException.outOfRange("limit", 1, 10_000, limit);
        }
        return reader.byUserFields(query, limit);
    }

    /** How many jobs of a tenant and type are in each state. */
    public Map<JobState, Long> countByState(Tenant tenant, JobType type) {
        return reader.countByState(tenant, type);
    }

    /**
     * How many jobs of a tenant and type are scheduled and processing: cheap however many
     * finished jobs the tables keep, unlike {@link #countByState(Tenant, JobType)}.
     */
    public Map<JobState, Long> countUnfinished(Tenant tenant, JobType type) {
        return reader.countUnfinished(tenant, type);
    }

    /**
     * Replaces the properties and user fields of a job.
     *
     * @throws JobNotFoundException when no job has this id; nothing is written then
     */
    public void updateData(JobId id, JobDataUpdate update) {
        String properties = payloads.toProperties(update.properties());
        validateUserFields(update.userFields());
        int updated = inTransaction(
                "update data", statements -> statements.dataWriter().update(id, properties, update.userFields()));
        if (updated == 0) {
            throw new JobNotFoundException(id, settings.table().jobsData());
        }
    }

    /**
     * Schedules a job unless a job with the same unique key (within the tenant) is in one of the
     * key's states: then nothing is written and the holder's id is returned, or, when the key asks
     * to fail, {@link DuplicateJobException} is thrown (outside the transaction's work, so that a
     * caller's transaction that catches it can still commit). The key row is written in the same
     * transaction as the job.
     *
     * @throws InvalidJobInputException for bad input; nothing is written then
     * @since 0.2.0
     */
    public UniqueScheduling scheduleUnique(NewJob job, UniqueKey key) {
        return scheduleUnique(job, key, null);
    }

    /**
     * As {@link #scheduleUnique(NewJob, UniqueKey)}, and stores {@code traceContext} with the job
     * when it is written, as {@link #scheduleAll(List, String)} does.
     *
     * @since 0.2.0
     */
    public UniqueScheduling scheduleUnique(NewJob job, UniqueKey key, @Nullable String traceContext) {
        JobInserter.Row row = validate(job, settings.clock().instant());
        Optional<UniqueKeys.Holder> holder = inTransaction("schedule unique", statements -> {
            Optional<UniqueKeys.Holder> taken = statements.uniqueKeys().take(row, key);
            if (taken.isEmpty()) {
                statements.inserter().insert(List.of(row));
                if (traceContext != null) {
                    statements.traceContexts().insert(List.of(row), traceContext);
                }
            }
            return taken;
        });
        if (holder.isEmpty()) {
            return new UniqueScheduling(row.id(), true);
        }
        if (key.failIfTaken()) {
            throw new DuplicateJobException(
                    job.tenant(), key.value(), holder.get().id(), holder.get().state());
        }
        return new UniqueScheduling(holder.get().id(), false);
    }

    private Transition outcome(ClaimedJob job, JobEvent event, @Nullable Instant nextRunAt, String what) {
        return outcome(job, event, nextRunAt, what, null);
    }

    private Transition outcome(
            ClaimedJob job, JobEvent event, @Nullable Instant nextRunAt, String what, @Nullable FailureReason reason) {
        JobTransitions.Current current = new JobTransitions.Current(
                job.id(),
                job.tenant(),
                job.jobType(),
                job.correlationId(),
                JobState.PROCESSING.code(),
                job.subState().code(),
                job.pendingExecution(),
                job.version());
        Transition transition = inTransaction(what, statements -> {
            Transition applied = statements.transitions().apply(current, event, nextRunAt);
            if (applied != null && reason != null) {
                statements.failures().record(job.id(), reason, settings.clock().instant());
            }
            FollowUps.Ending ending =
                    applied == null || !job.hasFollowUps() ? null : FollowUps.endingOf(applied, event);
            if (ending != null) {
                statements
                        .followUps()
                        .ended(
                                List.of(new FollowUps.Ended(job.retryGroup(), ending)),
                                settings.clock().instant());
            }
            return applied;
        });
        if (transition == null) {
            throw new JobLostException(job, what);
        }
        return transition;
    }

    /**
     * Runs {@code work} in a READ COMMITTED transaction, retried when it loses a lock: inside a
     * caller's transaction on the statements that join it, else on the queue's own.
     */
    private <T extends @Nullable Object> T inTransaction(String operation, Function<QueueStatements, T> work) {
        QueueStatements statements = TransactionSynchronizationManager.isActualTransactionActive() ? joined : owned;
        return retry.run(operation, () -> statements.transactions().execute(status -> work.apply(statements)));
    }

    /**
     * When a lease taken now ends. A job due at the last second a TIMESTAMP holds
     * (2038-01-19T03:14:07Z) is claimable, but no lease past it can be stored: it ends at the
     * last millisecond the {@code lease_expires_at} column holds instead. A lease end in an hour the
     * session's zone skips moves to the end of that hour.
     */
    private Instant leaseEnd(Instant now, Duration lease) {
        Instant end = zone.storable(now.plus(lease));
        return end.isAfter(LAST_LEASE_END) ? LAST_LEASE_END : end;
    }

    private JobInserter.Row validate(NewJob job, Instant now) {
        int executions = job.executions() == null ? settings.defaultExecutions() : job.executions();
        if (executions < 1 || executions > 255) {
            throw InvalidJobInputException.outOfRange("executions", 1, 255, executions);
        }
        if (job.correlationId() != null && CorrelationIds.length(job.correlationId()) > CorrelationIds.MAX_LENGTH) {
            throw new InvalidJobInputException(
                    "correlationId",
                    "correlationId must be at most " + CorrelationIds.MAX_LENGTH + " characters but was "
                            + CorrelationIds.length(job.correlationId()));
        }
        validateUserFields(job.userFields());
        validateSubState(job.subState());
        JobId id = JobId.forRunAt(zone.storable(job.runAt() == null ? now : job.runAt()));
        return new JobInserter.Row(id, job, executions, payloads.toProperties(job.properties()), RetryGroups.next());
    }

    /** A job starts in SCHEDULED or a custom child of it that the lifecycle declares, never elsewhere. */
    private void validateSubState(SubState subState) {
        List<SubState> allowed = lifecycle.subStates().stream()
                .filter(s -> s.state() == JobState.SCHEDULED)
                .sorted(Comparator.comparingInt(SubState::code))
                .toList();
        if (!allowed.contains(subState)) {
            throw new InvalidJobInputException(
                    "subState",
                    "subState must be a sub-state of SCHEDULED that the" + " lifecycle declares " + allowed
                            + " but was " + subState);
        }
    }

    private static void validateUserFields(UserFields fields) {
        Payloads.requireFitsText("stringUdf1", fields.string1());
        Payloads.requireFitsText("stringUdf2", fields.string2());
    }

    /**
     * As {@link #failAndRetry(ClaimedJob, Instant)}, and stores why it failed in the same
     * transaction ({@link #failureOf(JobId)}).
     *
     * @since 0.2.0
     */
    public Transition failAndRetry(ClaimedJob job, Instant retryAt, FailureReason reason) {
        return outcome(job, JobEvent.FAIL_RETRY, retryAt, "failure", reason);
    }

    /**
     * As {@link #failWithoutRetry(ClaimedJob)}, and stores why it failed in the same transaction.
     *
     * @since 0.2.0
     */
    public Transition failWithoutRetry(ClaimedJob job, FailureReason reason) {
        return outcome(job, JobEvent.FAIL_NOT_RETRYABLE, null, "failure", reason);
    }

    /**
     * Fails a held job whose handler ran past its timeout as lease recovery fails a job whose
     * worker died (sub-state 41, retried at {@code retryAt} when executions remain, else 43), and
     * stores the reason in the same transaction.
     *
     * @throws JobLostException when this worker no longer holds the job; nothing changed
     * @since 0.2.0
     */
    public Transition timeOut(ClaimedJob job, Instant retryAt, FailureReason reason) {
        return outcome(job, JobEvent.LOSE_LEASE, retryAt, "timeout", reason);
    }

    /**
     * Recovers the processing jobs of a tenant and type whose lease expired (their worker died or
     * hung): the one lease recovery. A job whose run was recorded as started
     * ({@link #recordStarts(List)}) fails with sub-state 41, retried in its retry group when
     * executions remain. A job whose run never started (it waited in a dead worker's buffer) is
     * released: back to scheduled with the execution its claim took, due at once, with no retry
     * row. Safe with many nodes recovering at once. And for each job whose
     * run had started stores a {@link JobFailure.Kind#CRASH} reason ("worker died while running it")
     * in the same transaction. A job whose retry group already holds {@code maxCrashes - 1} such
     * crashes is not retried again although executions remain (sub-state 42): a job that kills its
     * JVM would otherwise run on every restart until its executions are spent.
     *
     * @param maxCrashes crashes after which a job is not retried, 1..255; 0 for no limit
     * @param node the recovering node, stored with the reason
     * @since 0.2.0
     */
    public int recoverExpiredLeases(
            Tenant tenant, JobType type, int limit, RetryPolicy policy, int maxCrashes, String node) {
        return recoverExpiredLeaseIds(tenant, type, limit, policy, maxCrashes, node)
                .size();
    }

    /**
     * As {@link #recoverExpiredLeases(Tenant, JobType, int, RetryPolicy, int, String)}, returning
     * the ids of the jobs recovered, failed or released, once that is committed.
     */
    public List<JobId> recoverExpiredLeaseIds(
            Tenant tenant, JobType type, int limit, RetryPolicy policy, int maxCrashes, String node) {
        if (maxCrashes < 0 || maxCrashes > 255) {
            throw InvalidJobInputException.outOfRange("maxCrashes", 0, 255, maxCrashes);
        }
        return inTransaction("lease recovery", statements -> {
            Instant now = settings.clock().instant();
            List<JobId> recovered = new ArrayList<>();
            for (LeaseKeeper.Expired expired : statements.leases().lockExpired(tenant, type, now, limit)) {
                JobTransitions.Current job = expired.job();
                if (!expired.runStarted() && releasable(job)) {
                    if (statements.transitions().apply(job, JobEvent.RELEASE, null) != null) {
                        recovered.add(job.id());
                    }
                    continue;
                }
                int crashes = statements.failures().crashesInRetryGroup(job.id()) + 1;
                // On its last execution the job ends 43 (no retry left) either way.
                boolean stop =
                        maxCrashes > 0 && crashes >= maxCrashes && job.pendingExecution() > 0 && failsWithoutRetry(job);
                JobEvent event = stop ? JobEvent.FAIL_NOT_RETRYABLE : JobEvent.LOSE_LEASE;
                Transition applied = statements.transitions().apply(job, event, policy.nextRunAt(1, now));
                if (applied != null) {
                    statements.failures().record(job.id(), FailureReason.crash(node, crashes, maxCrashes), now);
                    recovered.add(job.id());
                    FollowUps.Ending ending = FollowUps.endingOf(applied, event);
                    if (ending != null) {
                        // Rare (the last execution of a crashed job): found by key, no flag at hand.
                        statements.followUps().endedByKeys(List.of(job.id()), ending, now);
                    }
                }
            }
            return recovered;
        });
    }

    /** Whether the lifecycle can fail a job of this sub-state without retry (a custom one may not). */
    private boolean failsWithoutRetry(JobTransitions.Current job) {
        return lifecycle
                .sourcesOf(JobEvent.FAIL_NOT_RETRYABLE)
                .contains(lifecycle.subStateOf(job.state(), job.subState()));
    }

    /**
     * Why a job row failed, when jobqueue recorded it (a row failed by the Go library has none).
     *
     * @since 0.2.0
     */
    public Optional<JobFailure> failureOf(JobId id) {
        return failures.find(id);
    }

    /**
     * The registry of this queue's worker nodes.
     *
     * @since 0.2.0
     */
    public NodeRegistry nodeRegistry() {
        return nodes;
    }

    /**
     * The due jobs that no live node serves, by type and tenant (at most
     * {@value UnservedJobs#CAP} counted): scheduled, claimable and due, of a type and tenant
     * that no node in the registry runs a handler for.
     *
     * @since 0.2.0
     */
    public List<UnservedQueue> unserved() {
        return unserved.find();
    }

    // Operations (issue #14): cancel, run now, retry now, bulk, pause. The SQL is in JobOperations
    // and PausedQueues.

    /** Rows a bulk action locks and moves per transaction: a short lock whatever the filter matches. */
    public static final int BULK_BATCH = 500;

    /**
     * Cancels a job that has not finished: a scheduled one never runs; a running one ends
     * cancelled at once, its worker learns it at its next heartbeat and its outcome is refused.
     *
     * @return {@code ALREADY_FINISHED} for a job that had finished, with nothing written
     * @since 0.2.0
     */
    public JobOperationResult cancel(JobId id) {
        return operate(id, JobEvent.CANCEL_JOB, type -> 0);
    }

    /**
     * Runs a scheduled job that is due later now: a new row of its retry group, due now, takes
     * its place (the old row ends in 32).
     *
     * @since 0.2.0
     */
    public JobOperationResult runNow(JobId id) {
        return operate(id, JobEvent.RUN_NOW, type -> 0);
    }

    /**
     * Retries a job that failed (42, 43, 45) or was cancelled (49): a new row of its retry group,
     * due now, with a fresh number of executions; the old row stays, in 44.
     *
     * @param executions the new row's executions, by job type (each 1..255)
     * @since 0.2.0
     */
    public JobOperationResult retryNow(JobId id, ToIntFunction<JobType> executions) {
        return operate(id, JobEvent.RETRY_NOW, checked(executions));
    }

    /**
     * Cancels every unfinished job the filter matches, {@link #BULK_BATCH} rows per transaction.
     *
     * @return how many jobs were cancelled
     * @since 0.2.0
     */
    public long cancelAll(JobFilter filter) {
        return operateOnAll(filter, JobEvent.CANCEL_JOB, type -> 0);
    }

    /**
     * Retries every failed (42, 43, 45) or cancelled job the filter matches, as {@link
     * #retryNow(JobId, ToIntFunction)} does, {@link #BULK_BATCH} rows per transaction. A job it
     * retried is in 44 afterwards, so running it again retries nothing twice.
     *
     * @return how many jobs were retried (as many new rows were scheduled)
     * @since 0.2.0
     */
    public long retryAll(JobFilter filter, ToIntFunction<JobType> executions) {
        return operateOnAll(filter, JobEvent.RETRY_NOW, checked(executions));
    }

    /**
     * Of the jobs a worker runs, those an operator cancelled since it claimed them.
     *
     * @since 0.2.0
     */
    public List<ClaimedJob> cancelledAmong(List<ClaimedJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        SubState cancelled = lifecycle
                .transition(JobState.PROCESSING.code(), SubState.PROCESSING.code(), JobEvent.CANCEL_JOB, 1)
                .to();
        Set<String> ids = new HashSet<>();
        inTransaction(
                        "find cancelled",
                        statements -> statements
                                .operations()
                                .inSubState(jobs.stream().map(ClaimedJob::id).toList(), cancelled))
                .forEach(id -> ids.add(id.value()));
        return jobs.stream().filter(job -> ids.contains(job.id().value())).toList();
    }

    /**
     * Pauses a job type, for one tenant or (tenant null) for all: no node of this queue claims it
     * until {@link #resume}; running jobs finish. Survives restarts.
     *
     * @param by who pauses it, at most 128 characters
     * @return whether it was not paused yet
     * @since 0.2.0
     */
    public boolean pause(JobType type, @Nullable Tenant tenant, String by) {
        if (by == null || by.length() > 128) {
            throw new InvalidJobInputException(
                    "by",
                    "by (who pauses) must be 0 to 128 characters but was "
                            + (by == null ? "null" : by.length() + " characters"));
        }
        return inTransaction("pause", statements -> statements.pauses().pause(type, tenant, by));
    }

    /**
     * Lifts a pause made by {@link #pause} with the same type and tenant.
     *
     * @return whether it was paused
     * @since 0.2.0
     */
    public boolean resume(JobType type, @Nullable Tenant tenant) {
        return inTransaction("resume", statements -> statements.pauses().resume(type, tenant));
    }

    /**
     * The pauses in force, by type and tenant.
     *
     * @since 0.2.0
     */
    public List<PausedQueue> paused() {
        return inTransaction("read pauses", statements -> statements.pauses().all());
    }

    private JobOperationResult operate(JobId id, JobEvent event, ToIntFunction<JobType> executions) {
        return inTransaction(
                "operation " + event.name(),
                statements -> statements
                        .operations()
                        .apply(id, event, executions, settings.clock().instant()));
    }

    private long operateOnAll(JobFilter filter, JobEvent event, ToIntFunction<JobType> executions) {
        FilterSql sql = FilterSql.of(filter);
        long changed = 0;
        String after = "";
        while (true) {
            String from = after;
            JobOperations.Batch batch = inTransaction(
                    "bulk " + event.name(),
                    statements -> statements
                            .operations()
                            .applyToBatch(
                                    event,
                                    sql,
                                    from,
                                    BULK_BATCH,
                                    executions,
                                    settings.clock().instant()));
            changed += batch.changed();
            if (batch.read() < BULK_BATCH || batch.lastId() == null) {
                return changed;
            }
            after = batch.lastId();
        }
    }

    /** Executions as given, each checked to be 1..255 before anything is written. */
    private static ToIntFunction<JobType> checked(ToIntFunction<JobType> executions) {
        return type -> {
            int value = executions.applyAsInt(type);
            if (value < 1 || value > 255) {
                throw InvalidJobInputException.outOfRange("executions", 1, 255, value);
            }
            return value;
        };
    }
}
