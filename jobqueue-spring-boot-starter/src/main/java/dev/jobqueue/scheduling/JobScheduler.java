package dev.jobqueue.scheduling;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.DuplicateJobException;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.RunAt;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.persistence.internal.JobChain;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.UniqueScheduling;
import dev.jobqueue.scheduling.internal.ScheduleObservations;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.LocalWakeups;
import dev.jobqueue.worker.TenantShards;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Schedules jobs. Inside a Spring transaction the jobs exist if and only if it commits;
 * local workers of the same tenant and type are woken when they do, so a job due now starts
 * without waiting for a poll.
 *
 * <pre>{@code
 * scheduler.job(ORDER_CONFIRMATION, new OrderConfirmation(orderId))
 *         .correlationId("order-" + orderId)
 *         .in(Duration.ofMinutes(5))
 *         .schedule();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JobScheduler {

    private static final int MAX_CHAIN_DEPTH = 100;

    private final JobQueue queue;
    private final LocalWakeups wakeups;
    private final JobQueueObserver observer;
    private final Function<JobType, @Nullable Integer> defaultExecutions;
    private final Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys;
    private final ScheduleObservations observations;
    private final @Nullable TenantShards shards;

    // Not API: the starter creates the bean (SchedulingBeans); applications inject it.
    JobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions) {
        this(queue, wakeups, observer, defaultExecutions, job -> null);
    }

    /**
     * A scheduler that gives a job scheduled one at a time without a unique key the key
     * {@code defaultUniqueKeys} returns for it, if any. Not API, like the other constructor.
     */
    JobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys) {
        this(queue, wakeups, observer, defaultExecutions, defaultUniqueKeys, ScheduleObservations.NONE);
    }

    /**
     * A scheduler that observes each call ({@code jobqueue.schedule}) and stores the trace context
     * a tracer propagates with the jobs. Not API, like the other constructors.
     */
    JobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys,
            ScheduleObservations observations) {
        this(queue, wakeups, observer, defaultExecutions, defaultUniqueKeys, observations, null);
    }

    /**
     * A scheduler that writes each job into its tenant's database as {@code shards} says (null:
     * every job into {@code queue}). Not API, like the other constructors.
     */
    JobScheduler(
            JobQueue queue,
            LocalWakeups wakeups,
            JobQueueObserver observer,
            Function<JobType, @Nullable Integer> defaultExecutions,
            Function<NewJob, @Nullable UniqueKey> defaultUniqueKeys,
            ScheduleObservations observations,
            @Nullable TenantShards shards) {
        this.shards = shards;
        this.observations = observations;
        this.queue = queue;
        this.wakeups = wakeups;
        this.observer = observer;
        this.defaultExecutions = defaultExecutions;
        this.defaultUniqueKeys = defaultUniqueKeys;
    }

    /** Starts a job of this type with this payload (a Map, a record, any object Jackson writes as a JSON object). */
    public Draft job(JobType type, @Nullable Object payload) {
        NewJob job = NewJob.of(type);
        return new Draft(payload == null ? job : job.properties(payload));
    }

    /** Schedules a job of this type for the default tenant, due now. */
    public JobId schedule(JobType type, @Nullable Object payload) {
        return job(type, payload).schedule();
    }

    /** Schedules one job (unique when its type has a default unique key, see {@code jobqueue.types.<name>.unique-key}). */
    public JobId schedule(NewJob job) {
        UniqueKey key = defaultUniqueKeys.apply(job);
        return key == null ? scheduleAll(List.of(job)).get(0) : scheduleUnique(job, key);
    }

    /** Schedules many jobs in one transaction: all or none. */
    public List<JobId> scheduleAll(List<NewJob> jobs) {
        List<NewJob> withDefaults =
                jobs.stream().map(this::withDefaultExecutions).toList();
        List<JobId> ids = observations.observe(
                withDefaults,
                traceContext -> onShardOf(
                        tenantsOf(withDefaults.stream()), store -> store.scheduleAll(withDefaults, traceContext)),
                written -> written);
        Map<Map.Entry<Tenant, JobType>, Integer> counts = new HashMap<>();
        withDefaults.forEach(job -> counts.merge(Map.entry(job.tenant(), job.jobType()), 1, Integer::sum));
        counts.forEach((key, count) -> observer.scheduled(key.getValue(), key.getKey(), count));
        wakeAfterCommit(counts.keySet());
        return ids;
    }

    /**
     * Schedules one job unless a job with the same unique key (within its tenant) is in the key's
     * states: then nothing is written and that job's id is returned, or {@link DuplicateJobException}
     * is thrown when the key asks to fail. The key row is written in the job's transaction.
     *
     * @throws DuplicateJobException when the key is held and {@link UniqueKey#failIfTaken()}
     * @since 0.2.0
     */
    public JobId scheduleUnique(NewJob job, UniqueKey key) {
        NewJob withDefaults = withDefaultExecutions(job);
        UniqueScheduling outcome = observations.observe(
                List.of(withDefaults),
                traceContext -> onShardOf(
                        List.of(withDefaults.tenant()), store -> store.scheduleUnique(withDefaults, key, traceContext)),
                written -> written.created() ? List.of(written.id()) : List.of());
        if (outcome.created()) {
            observer.scheduled(withDefaults.jobType(), withDefaults.tenant(), 1);
            wakeAfterCommit(Set.of(Map.entry(withDefaults.tenant(), withDefaults.jobType())));
        }
        return outcome.id();
    }

    /**
     * Starts a batch: jobs that run independently, and a callback job scheduled once, when every
     * one of them has finished (succeeded, failed for good or been cancelled), with the counts in
     * its payload. {@link BatchDraft#schedule()} writes it.
     *
     * <pre>{@code
     * Batch batch = scheduler.batch()
     *         .add(scheduler.job(RESIZE, new Resize(imageId)))
     *         .whenFinished(scheduler.job(ALBUM_READY, new AlbumReady(albumId)))
     *         .schedule();
     * }</pre>
     *
     * @since 0.2.0
     */
    public BatchDraft batch() {
        return new BatchDraft();
    }

    private JobId scheduleChain(JobChain chain) {
        JobId id = onShardOf(tenantsOf(Stream.of(chain)), store -> store.scheduleChain(chain));
        observer.scheduled(chain.job().jobType(), chain.job().tenant(), 1);
        wakeAfterCommit(Set.of(Map.entry(chain.job().tenant(), chain.job().jobType())));
        return id;
    }

    /**
     * Runs {@code call} on the store of the database {@code tenants} live in: the one queue without
     * shards; with shards, the one database of them all (jobs written together live in one).
     */
    private <T> T onShardOf(List<Tenant> tenants, Function<JobQueue, T> call) {
        if (shards == null || tenants.isEmpty()) {
            return call.apply(queue);
        }
        Tenant first = tenants.get(0);
        String shard = shards.shardOf(first);
        for (Tenant tenant : tenants) {
            String other = shards.shardOf(tenant);
            if (!other.equals(shard)) {
                throw new InvalidJobInputException(
                        "tenant",
                        "jobs of tenant " + first + " (shard '" + shard + "') and tenant " + tenant + " (shard '"
                                + other + "') cannot be scheduled together: they live in two databases;"
                                + " schedule them in one call per shard");
            }
        }
        return shards.onShardOf(first, call);
    }

    private static List<Tenant> tenantsOf(Stream<?> jobs) {
        List<Tenant> tenants = new ArrayList<>();
        jobs.forEach(job -> collectTenants(job, tenants));
        return tenants;
    }

    private static void collectTenants(Object job, List<Tenant> tenants) {
        if (job instanceof NewJob newJob) {
            tenants.add(newJob.tenant());
        } else if (job instanceof JobChain chain) {
            tenants.add(chain.job().tenant());
            chain.onSuccess().forEach(next -> collectTenants(next, tenants));
            chain.onFailure().forEach(next -> collectTenants(next, tenants));
        }
    }

    private NewJob withDefaultExecutions(NewJob job) {
        if (job.executions() != null) {
            return job;
        }
        Integer executions = defaultExecutions.apply(job.jobType());
        return executions == null ? job : job.executions(executions);
    }

    private void wakeAfterCommit(Set<Map.Entry<Tenant, JobType>> targets) {
        Set<Map.Entry<Tenant, JobType>> copy = new LinkedHashSet<>(targets);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    copy.forEach(target -> wakeups.wake(target.getKey(), target.getValue()));
                }
            });
        } else {
            copy.forEach(target -> wakeups.wake(target.getKey(), target.getValue()));
        }
    }

    /** A job being described; {@link #schedule()} writes it. */
    public final class Draft {

        private NewJob job;
        private @Nullable UniqueKey unique;
        private final List<Draft> onSuccess = new ArrayList<>();
        private final List<Draft> onFailure = new ArrayList<>();

        private Draft(NewJob job) {
            this.job = job;
        }

        public Draft tenant(int tenant) {
            job = job.tenant(Tenant.of(tenant));
            return this;
        }

        public Draft at(Instant runAt) {
            job = job.runAt(runAt);
            return this;
        }

        /**
         * Makes the job due after {@code delay}.
         *
         * @throws InvalidJobInputException when now plus {@code delay} is beyond any instant,
         *     instead of an {@code ArithmeticException}; {@link #schedule()} refuses a run time
         *     after {@link dev.jobqueue.domain.RunAt#MAX}
         */
        public Draft in(Duration delay) {
            try {
                job = job.runAt(queue.settings().clock().instant().plus(delay));
            } catch (ArithmeticException | DateTimeException e) {
                throw new InvalidJobInputException(
                        "runAt",
                        "runAt must be between " + RunAt.MIN + " and " + RunAt.MAX
                                + " (the range of a MySQL TIMESTAMP) but was now plus " + delay);
            }
            return this;
        }

        public Draft correlationId(String correlationId) {
            job = job.correlationId(correlationId);
            return this;
        }

        public Draft executions(int executions) {
            job = job.executions(executions);
            return this;
        }

        public Draft userFields(UserFields userFields) {
            job = job.userFields(userFields);
            return this;
        }

        /**
         * Starts the job in a custom sub-state of SCHEDULED instead of {@link SubState#SCHEDULED},
         * such as an application's {@code awaiting-approval}, in the same INSERT: no other
         * statement and no event. Workers claim it only from a sub-state that the lifecycle
         * lets them claim.
         *
         * <p>{@link #schedule()} refuses a sub-state the lifecycle does not declare, or one of
         * another state, with an {@link InvalidJobInputException} naming {@code subState}.
         *
         * @since 0.2.0
         */
        public Draft subState(SubState subState) {
            job = job.subState(subState);
            return this;
        }

        /**
         * Makes the job unique within its tenant while it is scheduled or processing: scheduling
         * another with the same key returns this job's id and writes nothing.
         *
         * @param key at most 191 characters, such as {@code "order-42"}
         * @since 0.2.0
         */
        public Draft unique(String key) {
            unique = UniqueKey.of(key);
            return this;
        }

        /**
         * Makes the job unique as {@code key} says: in which states it holds the key, and whether a
         * second job fails ({@link DuplicateJobException}) rather than getting the holder's id.
         *
         * @since 0.2.0
         */
        public Draft unique(UniqueKey key) {
            unique = key;
            return this;
        }

        /**
         * Schedules {@code next} when this job succeeds, in the transaction that records its success
         * (after its retries, if it needed some), and never when it fails for good or is cancelled.
         * {@code next} is due then, or at its own run time if that is later; it may have jobs that
         * follow it in turn. Call it again for more jobs to schedule together.
         *
         * <pre>{@code
         * scheduler.job(CHARGE, new Charge(orderId))
         *         .then(scheduler.job(SHIP, new Ship(orderId)))
         *         .onFailure(scheduler.job(REFUND, new Refund(orderId)))
         *         .schedule();
         * }</pre>
         *
         * @since 0.2.0
         */
        public Draft then(Draft next) {
            onSuccess.add(requireOther(next));
            return this;
        }

        /**
         * Schedules {@code next} when this job fails for good: its last execution failed, it failed
         * with an error that is not retried, its retry was declined, or its worker died on its last
         * execution. Not when it is cancelled.
         *
         * @since 0.2.0
         */
        public Draft onFailure(Draft next) {
            onFailure.add(requireOther(next));
            return this;
        }

        private Draft requireOther(Draft next) {
            if (next == this) {
                throw new InvalidJobInputException("next", "a job cannot follow itself");
            }
            return next;
        }

        /** This job and the jobs that follow it, with the types' default executions. */
        JobChain toChain() {
            return toChain(0);
        }

        private JobChain toChain(int depth) {
            if (depth > MAX_CHAIN_DEPTH) {
                throw new InvalidJobInputException(
                        "then",
                        "jobs that follow jobs nest at most " + MAX_CHAIN_DEPTH
                                + " deep (is a job following itself through another?)");
            }
            return new JobChain(
                    withDefaultExecutions(job),
                    onSuccess.stream().map(next -> next.toChain(depth + 1)).toList(),
                    onFailure.stream().map(next -> next.toChain(depth + 1)).toList());
        }

        /** The job as described so far, for {@link JobScheduler#scheduleAll(List)}. */
        public NewJob toNewJob() {
            return job;
        }

        public JobId schedule() {
            if (!onSuccess.isEmpty() || !onFailure.isEmpty()) {
                if (unique != null) {
                    throw new InvalidJobInputException(
                            "unique",
                            "a unique job cannot have jobs that follow it"
                                    + " (then, onFailure): schedule the following job from its handler instead");
                }
                return scheduleChain(toChain());
            }
            if (unique != null) {
                return JobScheduler.this.scheduleUnique(job, unique);
            }
            return JobScheduler.this.schedule(job);
        }
    }

    /**
     * A batch being described; {@link #schedule()} writes its members, its counter and its callback
     * in one transaction (the caller's, if there is one).
     *
     * @since 0.2.0
     */
    public final class BatchDraft {

        private final List<Draft> members = new ArrayList<>();
        private @Nullable Draft callback;

        private BatchDraft() {}

        /** Adds a member; it may have jobs that follow it ({@link Draft#then}), which are not members. */
        public BatchDraft add(Draft member) {
            members.add(member);
            return this;
        }

        /** Adds members. */
        public BatchDraft addAll(List<Draft> more) {
            members.addAll(more);
            return this;
        }

        /**
         * The job to schedule once, in the transaction that ends the last member, with
         * {@code "batch": {"id", "total", "succeeded", "failed", "cancelled"}} set in its payload
         * (a payload key {@code batch} of its own is replaced). Due at once; its id is
         * {@link Batch#callback()}.
         */
        public BatchDraft whenFinished(Draft callback) {
            this.callback = callback;
            return this;
        }

        /**
         * Writes the batch.
         *
         * @throws InvalidJobInputException for no member or more than 100,000, a unique member, or bad
         *     input in any job; nothing is written then
         */
        public Batch schedule() {
            for (Draft member : members) {
                if (member.unique != null) {
                    throw new InvalidJobInputException("unique", "a batch member cannot be unique");
                }
            }
            List<JobChain> chains = members.stream().map(Draft::toChain).toList();
            JobChain callbackChain = callback == null ? null : callback.toChain();
            Stream<JobChain> all =
                    callbackChain == null ? chains.stream() : Stream.concat(chains.stream(), Stream.of(callbackChain));
            Batch batch = onShardOf(tenantsOf(all), store -> store.scheduleBatch(chains, callbackChain));
            Map<Map.Entry<Tenant, JobType>, Integer> counts = new HashMap<>();
            members.forEach(
                    member -> counts.merge(Map.entry(member.job.tenant(), member.job.jobType()), 1, Integer::sum));
            counts.forEach((key, count) -> observer.scheduled(key.getValue(), key.getKey(), count));
            wakeAfterCommit(counts.keySet());
            return batch;
        }
    }
}
