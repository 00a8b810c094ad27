package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operations racing each other, with two queue instances over separate pools as two processes
 * would run (issue #8): whatever lock conflicts the interleaving produces, no job is lost or
 * changed twice, and a lock error that reaches the caller was counted as exhausted. That a
 * transaction which loses a lock is retried, succeeds and is counted is proven deterministically
 * by {@link LostLockRetryIntegrationTests}; here whether a conflict happens at all is chance.
 */
@ExtendWith(TestDatabaseExtension.class)
class LockContentionIntegrationTests {

    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    /** How long a worker loop may run, and how long the test waits for any of its threads. */
    private static final Duration LOOP_BOUND = Duration.ofMinutes(4);
    /** How often the test calls an operation again that gave up on its lock retries. */
    private static final int CALLER_RETRIES = 20;

    private final Map<JobId, AtomicInteger> claims = new ConcurrentHashMap<>();
    private final Set<JobId> completed = ConcurrentHashMap.newKeySet();
    private final Set<JobId> lost = ConcurrentHashMap.newKeySet();
    private final ReentrantReadWriteLock clockSteps = new ReentrantReadWriteLock();
    /** Lock errors that reached the caller because the retry bound was used up. */
    private final AtomicInteger surfaced = new AtomicInteger();

    private final AtomicInteger heartbeatsRefused = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    /** A regression that makes a loop spin for ever fails the test at this point instead of hanging the build. */
    private final Instant deadline = Instant.now().plus(LOOP_BOUND);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /**
     * Claims race correlated completions of siblings. A claim locks its rows with a locking read,
     * then updates them, which changes their {@code correlation_index} entries; a correlated
     * completion reads the siblings without locking, then updates them by primary key, guarded
     * by state and version. Before that read-then-update design, the completion locked
     * {@code correlation_index} entries before rows and deadlocked with claims in most runs; now
     * a deadlock or lock wait is rare. Every retry the queues counted had a deadlock or lock
     * wait that InnoDB counted.
     */
    @Test
    void claimsRacingCorrelatedCompletionsEndEveryJobExactlyOnce(TestSchema schema) throws Exception {
        TableName table = TableName.of("deadlocks");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueueSettings settings =
                JobQueueSettings.defaults().withTable(table).withCorrelationScope(TYPE, CorrelationScope.TYPE);
        // A deadlock is detected at once; a short wait timeout only bounds a stall.
        JobQueue one =
                JobQueue.create(schema.newDataSource(5, "sessionVariables=innodb_lock_wait_timeout=2"), settings);
        JobQueue two =
                JobQueue.create(schema.newDataSource(5, "sessionVariables=innodb_lock_wait_timeout=2"), settings);
        Set<JobId> acknowledged = ConcurrentHashMap.newKeySet();
        acknowledged.addAll(one.scheduleAll(correlatedJobs(2_000)));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        long innodbLockEventsBefore = innodbLockEvents(jdbc);

        List<Future<?>> producers = new ArrayList<>();
        for (JobQueue queue : List.of(one, two)) {
            producers.add(threads.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    acknowledged.addAll(untilDone(() -> queue.scheduleAll(correlatedJobs(50))));
                }
            }));
        }
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            JobQueue queue = t % 2 == 0 ? one : two;
            boolean oneByOne = t < 2;
            claimers.add(threads.submit(() -> drainAndComplete(queue, oneByOne, producers)));
        }
        for (Future<?> future : producers) {
            future.get(LOOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        for (Future<?> future : claimers) {
            future.get(LOOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        }

        long innodbLockEvents = innodbLockEvents(jdbc) - innodbLockEventsBefore;
        LockContention contention = sum(one.lockContention(), two.lockContention());
        Map<String, Integer> rows = rowsBySubStateAndVersion(jdbc, table);
        System.out.printf(
                "LockContention claims vs correlated completions on %s: %d jobs (%d claimed, %d completed"
                        + " by correlation), rows by sub-state/version %s, %s, %d surfaced; InnoDB counted %d deadlocks and"
                        + " lock waits on the whole server meanwhile%n",
                schema.serverDescription(),
                acknowledged.size(),
                claims.size(),
                acknowledged.size() - claims.size(),
                rows,
                contention,
                surfaced.get(),
                innodbLockEvents);

        assertThat(claims.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(completed).isEqualTo(claims.keySet());
        assertThat(lost).isEmpty();
        assertThat(idsWithSubState(jdbc, table, 30)).isEqualTo(claims.keySet());
        // Every row changed exactly once after its claim (version 3) or once while scheduled (version 2).
        assertThat(rows)
                .containsOnlyKeys("30/3", "31/2")
                .containsEntry("30/3", claims.size())
                .containsEntry("31/2", acknowledged.size() - claims.size());
        assertThat(contention.retries())
                .as("retries, each after a deadlock or lock wait InnoDB counted")
                .isLessThanOrEqualTo(innodbLockEvents);
        assertThat(contention.exhausted()).isEqualTo(surfaced.get());
    }

    /**
     * Leases of one second on a clock that every worker moves on by 400 ms per batch, so lease
     * recovery takes jobs that workers are still heartbeating and completing. Recovery locks
     * with {@code SKIP LOCKED} and never waits, so this race does not deadlock; a heartbeat or
     * completion waits for a recovery that holds its row. The workers send heartbeats and
     * outcomes through a pool with {@code innodb_lock_wait_timeout = 0}, so on MariaDB each
     * such wait is a lock-wait timeout (1205) at once. Claims and recovery use pools of their
     * own with a 1 s timeout: with 0, MariaDB 10.11 failed a {@code SKIP LOCKED} claim with
     * error 1180 ("Got error 1 during COMMIT"), which is not a lock error and is not retried.
     */
    @Test
    void leaseRecoveryRacingCompletionsAndHeartbeatsLeavesOneOutcomePerJob(TestSchema schema) throws Exception {
        TableName table = TableName.of("leases");
        JobQueueSchema.migrate(schema.dataSource(), table);
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        JobQueueSettings settings =
                JobQueueSettings.defaults().withTable(table).withClock(clock).withDefaultExecutions(2);
        JobQueue claims =
                JobQueue.create(schema.newDataSource(4, "sessionVariables=innodb_lock_wait_timeout=1"), settings);
        JobQueue recovery =
                JobQueue.create(schema.newDataSource(2, "sessionVariables=innodb_lock_wait_timeout=1"), settings);
        DataSource noWait = schema.newDataSource(4, "sessionVariables=innodb_lock_wait_timeout=0");
        JobQueue outcomes = JobQueue.create(noWait, settings);
        List<JobId> scheduled =
                claims.scheduleAll(Collections.nCopies(500, NewJob.of(TYPE).tenant(TENANT)));

        AtomicBoolean workersDone = new AtomicBoolean();
        AtomicInteger recovered = new AtomicInteger();
        List<Future<?>> reapers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            reapers.add(threads.submit(() -> {
                while (!workersDone.get() && withinBound()) {
                    recovered.addAndGet(untilDone(() ->
                            recovery.recoverExpiredLeases(TENANT, TYPE, 10, RetryPolicy.fixedDelay(Duration.ZERO))));
                }
            }));
        }
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            boolean oneByOne = t < 2;
            workers.add(threads.submit(() -> runWithShortLeases(claims, outcomes, clock, oneByOne)));
        }
        for (Future<?> future : workers) {
            future.get(LOOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
        workersDone.set(true);
        for (Future<?> future : reapers) {
            future.get(LOOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        }

        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        LockContention contention = outcomes.lockContention();
        Map<String, Integer> rows = rowsBySubStateAndVersion(jdbc, table);
        System.out.printf(
                "LockContention lease recovery vs completions and heartbeats on %s: %d jobs, %d claims"
                        + " (%d completed, %d recovered, %d heartbeats refused), rows by sub-state/version %s,"
                        + " outcomes %s, claims %s, recovery %s, %d surfaced%n",
                schema.serverDescription(),
                scheduled.size(),
                this.claims.size(),
                completed.size(),
                recovered.get(),
                heartbeatsRefused.get(),
                rows,
                contention,
                claims.lockContention(),
                recovery.lockContention(),
                surfaced.get());

        assertThat(this.claims.values())
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(completed).doesNotContainAnyElementsOf(lost);
        Set<JobId> decided = new HashSet<>(completed);
        decided.addAll(lost);
        assertThat(decided).isEqualTo(this.claims.keySet());
        assertThat(recovered.get()).isEqualTo(lost.size());
        assertThat(idsWithSubState(jdbc, table, 30)).isEqualTo(completed);
        assertThat(idsWithSubState(jdbc, table, 41, 43)).isEqualTo(lost);
        // Claimed once and then changed once, by the worker or by recovery; a retry row starts at 1.
        assertThat(rows.keySet()).isSubsetOf("30/3", "41/3", "43/3");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM (
                  SELECT d.retry_group
                  FROM %s j JOIN %s d ON d.id = j.id AND d.part = j.part
                  GROUP BY d.retry_group
                  HAVING SUM(j.sub_state IN (30, 43)) = 1 AND SUM(j.sub_state NOT IN (30, 41, 43)) = 0
                ) g
                """.formatted(table.jobs(), table.jobsData()), Integer.class))
                .isEqualTo(scheduled.size());
        // MySQL takes 1 s as its shortest wait: these short waits then end before it times out.
        if (lockWaitTimeout(noWait) == 0) {
            assertThat(contention.retries()).as("lock-wait timeouts retried").isPositive();
        }
        assertThat(contention.exhausted()
                        + claims.lockContention().exhausted()
                        + recovery.lockContention().exhausted())
                .isEqualTo(surfaced.get());
    }

    @Test
    void completionThatKeepsLosingItsLockGivesUpAfterTheBoundAndChangesNothing(TestSchema schema) throws Exception {
        TableName table = TableName.of("bound");
        JobQueueSchema.migrate(schema.dataSource(), table);
        JobQueue queue = JobQueue.create(
                schema.newDataSource(2, "sessionVariables=innodb_lock_wait_timeout=0"),
                JobQueueSettings.defaults().withTable(table).withLockRetries(2));
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT));
        ClaimedJob job =
                queue.claim(TENANT, TYPE, 1, Duration.ofMinutes(5)).jobs().get(0);

        try (Connection blocker = schema.dataSource().getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock =
                    blocker.prepareStatement("SELECT version FROM " + table.jobs() + " WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id.value());
                lock.executeQuery().close();
            }
            assertThatExceptionOfType(PessimisticLockingFailureException.class).isThrownBy(() -> queue.complete(job));
            blocker.rollback();
        }

        assertThat(queue.lockContention()).isEqualTo(new LockContention(2, 1));
        assertThat(queue.details(id)).hasValueSatisfying(details -> {
            assertThat(details.subStateCode()).isEqualTo(SubState.PROCESSING);
            assertThat(details.version()).isEqualTo(job.version());
        });
        assertThat(queue.complete(job).to()).isEqualTo(SubState.DONE);
    }

    /** Claims, lets 400 ms pass on the shared clock, heartbeats and completes, until no job is left. */
    private void runWithShortLeases(JobQueue claimQueue, JobQueue queue, MutableClock clock, boolean oneByOne) {
        Duration lease = Duration.ofSeconds(1);
        while (withinBound()) {
            // As a worker's handlers do, record the runs' starts: recovery then fails these jobs (41)
            // rather than releasing them. No clock step between claim and record lets a lease expire.
            List<ClaimedJob> batch;
            clockSteps.readLock().lock();
            try {
                batch = untilDone(() -> claimQueue.claim(TENANT, TYPE, 5, lease))
                        .jobs();
                untilDone(() -> claimQueue.recordStarts(batch));
            } finally {
                clockSteps.readLock().unlock();
            }
            if (batch.isEmpty()) {
                Map<JobState, Long> left = claimQueue.countByState(TENANT, TYPE);
                if (left.getOrDefault(JobState.SCHEDULED, 0L) + left.getOrDefault(JobState.PROCESSING, 0L) == 0) {
                    return;
                }
                continue;
            }
            batch.forEach(job ->
                    claims.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet());
            clockSteps.writeLock().lock();
            try {
                clock.advance(Duration.ofMillis(400));
            } finally {
                clockSteps.writeLock().unlock();
            }
            if (oneByOne) {
                batch.forEach(job -> heartbeatAndComplete(queue, job, lease));
            } else {
                heartbeatsRefused.addAndGet(batch.size() - untilDone(() -> queue.heartbeatAll(batch, lease)));
                List<ClaimedJob> refused = untilDone(() -> queue.completeAll(batch));
                refused.forEach(job -> lost.add(job.id()));
                batch.stream().filter(job -> !refused.contains(job)).forEach(job -> completed.add(job.id()));
            }
        }
    }

    private void heartbeatAndComplete(JobQueue queue, ClaimedJob job, Duration lease) {
        try {
            untilDone(() -> queue.heartbeat(job, lease));
        } catch (JobLostException e) {
            heartbeatsRefused.incrementAndGet();
            lost.add(job.id());
            return;
        }
        complete(queue, job);
    }

    private void drainAndComplete(JobQueue queue, boolean oneByOne, List<Future<?>> producers) {
        int emptyAfterProducers = 0;
        while (emptyAfterProducers < 3 && withinBound()) {
            List<ClaimedJob> batch = untilDone(() -> queue.claim(TENANT, TYPE, 10, Duration.ofMinutes(5)))
                    .jobs();
            if (batch.isEmpty()) {
                emptyAfterProducers = producers.stream().allMatch(Future::isDone) ? emptyAfterProducers + 1 : 0;
                continue;
            }
            batch.forEach(job ->
                    claims.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet());
            if (oneByOne) {
                batch.forEach(job -> complete(queue, job));
            } else {
                List<ClaimedJob> refused = untilDone(() -> queue.completeAll(batch));
                refused.forEach(job -> lost.add(job.id()));
                batch.stream().filter(job -> !refused.contains(job)).forEach(job -> completed.add(job.id()));
            }
        }
    }

    private void complete(JobQueue queue, ClaimedJob job) {
        try {
            untilDone(() -> queue.complete(job));
            completed.add(job.id());
        } catch (JobLostException e) {
            lost.add(job.id());
        }
    }

    /**
     * Runs an operation until it is done. A lock error that reaches the caller means the
     * bound was used up and nothing was changed, so running it again is what a caller does.
     */
    private <T> T untilDone(Supplier<T> operation) {
        for (int call = 1; ; call++) {
            try {
                return operation.get();
            } catch (PessimisticLockingFailureException e) {
                surfaced.incrementAndGet();
                if (call == CALLER_RETRIES) {
                    throw new AssertionError(
                            "An operation gave up on its lock retries " + call
                                    + " times in a row: a lock that is never released",
                            e);
                }
            }
        }
    }

    private boolean withinBound() {
        if (Instant.now().isAfter(deadline)) {
            throw new AssertionError("A worker loop still ran after " + LOOP_BOUND + ": jobs that never finish");
        }
        return true;
    }

    private static List<NewJob> correlatedJobs(int count) {
        List<NewJob> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(NewJob.of(TYPE)
                    .tenant(TENANT)
                    .correlationId("order-" + ThreadLocalRandom.current().nextInt(32)));
        }
        return jobs;
    }

    private static Map<String, Integer> rowsBySubStateAndVersion(JdbcTemplate jdbc, TableName table) {
        Map<String, Integer> rows = new TreeMap<>();
        jdbc.query(
                "SELECT sub_state, version, COUNT(*) AS n FROM " + table.jobs() + " GROUP BY sub_state, version",
                rs -> {
                    rows.put(rs.getInt("sub_state") + "/" + rs.getInt("version"), rs.getInt("n"));
                });
        return rows;
    }

    private static Set<JobId> idsWithSubState(JdbcTemplate jdbc, TableName table, int... subStates) {
        Set<JobId> ids = new HashSet<>();
        for (int subState : subStates) {
            jdbc.query(
                    "SELECT id FROM " + table.jobs() + " WHERE sub_state = ?",
                    rs -> {
                        ids.add(JobId.parse(rs.getString("id")));
                    },
                    subState);
        }
        return ids;
    }

    /** Deadlocks and row lock waits InnoDB counted on the whole server (other clients only add to them). */
    private static long innodbLockEvents(JdbcTemplate jdbc) {
        long[] sum = {0};
        jdbc.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_deadlocks', 'Innodb_row_lock_waits')", rs -> {
            sum[0] += rs.getLong(2);
        });
        return sum[0];
    }

    private static int lockWaitTimeout(DataSource pool) {
        return new JdbcTemplate(pool).queryForObject("SELECT @@SESSION.innodb_lock_wait_timeout", Integer.class);
    }

    private static LockContention sum(LockContention a, LockContention b) {
        return new LockContention(a.retries() + b.retries(), a.exhausted() + b.exhausted());
    }
}
