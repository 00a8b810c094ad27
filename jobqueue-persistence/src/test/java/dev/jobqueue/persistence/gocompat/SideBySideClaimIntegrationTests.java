package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.persistence.gocompat.GoApi.Poll;
import dev.jobqueue.persistence.gocompat.GoApi.ScheduleRequest;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Go poller's {@code MIN(id) ... FOR UPDATE SKIP LOCKED} next to jobqueue's claim on the
 * same rows: first with one side's transaction held open, then both sides draining one queue
 * at once. No job may be handed to both.
 */
class SideBySideClaimIntegrationTests extends GoCompatibilityFixture {

    private static final Logger LOGGER = LoggerFactory.getLogger(SideBySideClaimIntegrationTests.class);
    private static final int JOBS = 500;
    private static final int THREADS_PER_SIDE = 2;
    /** MariaDB's ER_LOCK_DEADLOCK and ER_LOCK_WAIT_TIMEOUT: the Go worker logs them and polls again. */
    private static final Set<Integer> LOCK_ERRORS = Set.of(1213, 1205);

    @Test
    void theGoPollerSkipsTheRowAnOpenJobQueueClaimHolds() throws Exception {
        String first = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(3)));
        String second = queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.minusSeconds(2)))
                .value();
        String third = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(1)));
        TransactionTemplate open = new TransactionTemplate(new DataSourceTransactionManager(jobQueueDataSource));
        open.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        Poll[] goPoll = new Poll[1];
        int[] stateSeenByOthers = new int[1];

        ClaimBatch batch = open.execute(status -> {
            ClaimBatch claimed = queue.claim(JQ_TENANT, JQ_TYPE, 1, LEASE);
            goPoll[0] = unchecked(() -> go.poll(TENANT, TYPE));
            stateSeenByOthers[0] = stateOf(first);
            return claimed;
        });

        assertThat(stateSeenByOthers[0])
                .as("the claim was not committed yet while the Go poller ran")
                .isEqualTo(1);
        assertThat(batch.jobs()).extracting(job -> job.id().value()).containsExactly(first);
        assertThat(goPoll[0].claimedId()).isEqualTo(second);
        assertRow(first, 2, 20, 2, 2);
        assertRow(second, 2, 10, 2, 2);
        assertRow(third, 1, 10, 3, 1);
    }

    @Test
    void jobQueueSkipsTheRowAnOpenGoPollHolds() throws Exception {
        String first = queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.minusSeconds(3)))
                .value();
        String second = go.schedule(ScheduleRequest.of(TENANT, TYPE, NOW.minusSeconds(2)));
        String third = queue.schedule(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(NOW.minusSeconds(1)))
                .value();
        ClaimBatch batch;

        try (GoQueue.HeldPoll held = go.pollAndHold(TENANT, TYPE)) {
            assertThat(held.poll().claimedId()).isEqualTo(first);
            batch = queue.claim(JQ_TENANT, JQ_TYPE, 10, LEASE);
            assertThat(stateOf(first))
                    .as("the Go poll was not committed yet while jobqueue claimed")
                    .isEqualTo(1);
        }

        assertThat(batch.jobs()).extracting(job -> job.id().value()).containsExactly(second, third);
        assertRow(first, 2, 10, 2, 2);
        assertRow(second, 2, 20, 2, 2);
        assertRow(third, 2, 20, 2, 2);
    }

    @Test
    void bothSidesDrainingOneQueueAtOnceCompleteEveryJobExactlyOnce() throws Exception {
        // The widest correlation scope: the rows of both sides carry '' ("none"), which must complete nothing.
        queue = JobQueue.create(
                jobQueueDataSource,
                JobQueueSettings.defaults()
                        .withTable(TABLE)
                        .withClock(clock)
                        .withCorrelationScope(JQ_TYPE, CorrelationScope.TENANT));
        List<String> ids = scheduleFromBothSides();
        Map<String, AtomicInteger> byGo = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byJobQueue = new ConcurrentHashMap<>();
        AtomicInteger goConcurrencyErrors = new AtomicInteger();
        AtomicInteger goLockErrors = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_SIDE);
        List<Future<Void>> workers = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS_PER_SIDE; i++) {
                workers.add(threads.submit(() -> goWorker(start, byGo, goConcurrencyErrors, goLockErrors)));
                workers.add(threads.submit(() -> jobQueueWorker(start, byJobQueue)));
            }
            start.countDown();
            for (Future<Void> worker : workers) {
                worker.get(3, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        LOGGER.info(
                "Go poller completed {} jobs ({} concurrency errors, {} lock errors), jobqueue {}",
                byGo.size(),
                goConcurrencyErrors.get(),
                goLockErrors.get(),
                byJobQueue.size());

        assertThat(byGo.values()).as("completions per job by the Go poller").allMatch(count -> count.get() == 1);
        assertThat(byJobQueue.values()).as("completions per job by jobqueue").allMatch(count -> count.get() == 1);
        assertThat(byGo.keySet()).as("jobs handed to both sides").doesNotContainAnyElementsOf(byJobQueue.keySet());
        Set<String> completed = new HashSet<>(byGo.keySet());
        completed.addAll(byJobQueue.keySet());
        assertThat(completed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(byGo).as("jobs the Go poller got").isNotEmpty();
        assertThat(byJobQueue).as("jobs jobqueue got").isNotEmpty();
        assertThat(rows.all()).hasSize(JOBS).allSatisfy(row -> {
            assertFollowsContract(row);
            // One claim each: one execution used; the Go library's completion leaves the version alone.
            assertThat(row)
                    .extracting(r -> r.state(), r -> r.subState(), r -> r.pendingExecution(), r -> r.version())
                    .containsExactly(3, 30, 2, byGo.containsKey(row.id()) ? 2 : 3);
        });
    }

    private List<String> scheduleFromBothSides() throws SQLException {
        List<String> ids = new ArrayList<>();
        List<NewJob> ours = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            Instant runAt = NOW.minusSeconds((JOBS - i) / 5);
            if (i % 2 == 0) {
                ids.add(go.schedule(ScheduleRequest.of(TENANT, TYPE, runAt)));
            } else {
                ours.add(NewJob.of(JQ_TYPE).tenant(JQ_TENANT).runAt(runAt).executions(3));
            }
        }
        queue.scheduleAll(ours).stream().map(JobId::value).forEach(ids::add);
        return ids;
    }

    private Void goWorker(
            CountDownLatch start,
            Map<String, AtomicInteger> completed,
            AtomicInteger concurrencyErrors,
            AtomicInteger lockErrors)
            throws Exception {
        start.await();
        while (true) {
            Poll poll;
            try {
                poll = go.poll(TENANT, TYPE);
            } catch (SQLException e) {
                countLockErrorOrRethrow(e, lockErrors);
                continue;
            }
            switch (poll.outcome()) {
                case CLAIMED -> {
                    completeAsGo(poll.claimedId(), lockErrors);
                    completed
                            .computeIfAbsent(poll.claimedId(), id -> new AtomicInteger())
                            .incrementAndGet();
                }
                case CONCURRENT_UPDATE -> concurrencyErrors.incrementAndGet();
                case NO_JOB -> {
                    if (nothingScheduled()) {
                        return null;
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                case WAIT -> throw new IllegalStateException("Every job is due, yet the Go poller was told " + poll);
            }
        }
    }

    private void completeAsGo(String id, AtomicInteger lockErrors) throws SQLException {
        while (true) {
            try {
                go.markCompleted(id);
                return;
            } catch (SQLException e) {
                countLockErrorOrRethrow(e, lockErrors);
            }
        }
    }

    private Void jobQueueWorker(CountDownLatch start, Map<String, AtomicInteger> completed) throws Exception {
        start.await();
        while (true) {
            ClaimBatch batch = queue.claim(JQ_TENANT, JQ_TYPE, 5, LEASE);
            if (batch.isEmpty()) {
                if (nothingScheduled()) {
                    return null;
                }
                LockSupport.parkNanos(1_000_000);
            }
            for (ClaimedJob job : batch.jobs()) {
                queue.complete(job);
                completed
                        .computeIfAbsent(job.id().value(), id -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }

    /** The state of a row as a connection outside both transactions reads it, without locking. */
    private int stateOf(String id) {
        return new JdbcTemplate(goDataSource)
                .queryForObject("SELECT state FROM " + TABLE.jobs() + " WHERE id = ?", Integer.class, id);
    }

    private boolean nothingScheduled() {
        return new JdbcTemplate(jobQueueDataSource)
                        .queryForObject("SELECT COUNT(*) FROM " + TABLE.jobs() + " WHERE state = 1", Integer.class)
                == 0;
    }

    private static void countLockErrorOrRethrow(SQLException e, AtomicInteger lockErrors) throws SQLException {
        if (!LOCK_ERRORS.contains(e.getErrorCode())) {
            throw e;
        }
        lockErrors.incrementAndGet();
    }

    private static <T> T unchecked(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
