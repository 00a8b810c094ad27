package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobOperationResult.Status;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An operator's actions on single jobs and on filters (issue #14): cancel, run now, retry now,
 * pause. Each is a lifecycle event, guarded by state and version.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobOperationsIntegrationTests {

    private static final TableName TABLE = TableName.of("ops");
    private static final JobType TYPE = JobType.of(9);
    private static final Tenant TENANT = Tenant.of(1);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");

    private static TestSchema schema;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("TRUNCATE TABLE ops");
        jdbc.execute("TRUNCATE TABLE ops_data");
        jdbc.execute("TRUNCATE TABLE ops_paused");
        queue = JobQueue.create(
                schema.dataSource(),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    @Test
    void aCancelledScheduledJobIsNeverClaimedAndAGoReaderSeesItFinished() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));

        JobOperationResult result = queue.cancel(id);

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(result.subStateBefore()).isEqualTo(10);
        assertThat(row(id))
                .containsEntry("state", 4)
                .containsEntry("sub_state", 49)
                .containsEntry("version", 2);
        assertThat(queue.claim(TENANT, TYPE, 10, LEASE).jobs()).isEmpty();
    }

    @Test
    void cancellingAFinishedJobAnswersAlreadyFinishedAndWritesNothing() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
        queue.complete(queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0));
        Map<String, Object> before = row(id);

        JobOperationResult result = queue.cancel(id);

        assertThat(result.status()).isEqualTo(Status.ALREADY_FINISHED);
        assertThat(result.message()).contains("has already finished", "DONE/30 (done)");
        assertThat(row(id)).isEqualTo(before);
        assertThat(queue.cancel(JobId.forRunAt(NOW)).status()).isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void aCancelledRunningJobLosesItsHeartbeatAndItsLateOutcomeIsRefused() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
        ClaimedJob running = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);

        assertThat(queue.cancel(id).status()).isEqualTo(Status.APPLIED);

        assertThat(queue.heartbeatAll(List.of(running), LEASE)).isZero();
        assertThat(queue.cancelledAmong(List.of(running))).containsExactly(running);
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.complete(running));
        assertThatExceptionOfType(JobLostException.class).isThrownBy(() -> queue.failAndRetry(running, NOW));
        assertThat(row(id))
                .containsEntry("state", 4)
                .containsEntry("sub_state", 49)
                .containsEntry("lease_expires_at", null);
        assertThat(count("SELECT COUNT(*) FROM ops")).isEqualTo(1);
    }

    @Test
    void retryNowSchedulesAFreshRunInTheRetryGroupDueNowAndKeepsTheOldRow() {
        JobId id = queue.schedule(
                NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(60)).executions(1));
        queue.failWithoutRetry(queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0));

        JobOperationResult result = queue.retryNow(id, type -> 5);

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(result.subStateBefore()).isEqualTo(42);
        JobId retry = result.newJob();
        assertThat(row(id)).containsEntry("state", 4).containsEntry("sub_state", 44);
        assertThat(row(retry))
                .containsEntry("state", 1)
                .containsEntry("sub_state", 10)
                .containsEntry("pending_execution", 5);
        assertThat(retry.part()).isEqualTo(NOW);
        assertThat(queue.details(retry).orElseThrow().retryGroup())
                .isEqualTo(queue.details(id).orElseThrow().retryGroup());
        assertThat(queue.details(retry).orElseThrow().attempt()).isEqualTo(2);
        assertThat(queue.claim(TENANT, TYPE, 10, LEASE).jobs())
                .extracting(ClaimedJob::id)
                .containsExactly(retry);
        assertThat(queue.retryNow(id, type -> 5).status())
                .as("retried once only")
                .isEqualTo(Status.NOT_ALLOWED);
    }

    @Test
    void retryNowRefusesAJobThatDidNotFailAndBadExecutionsWithoutWriting() {
        JobId done = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
        queue.complete(queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0));
        JobId cancelled = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(60)));
        queue.cancel(cancelled);

        assertThat(queue.retryNow(done, type -> 3).status()).isEqualTo(Status.NOT_ALLOWED);
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.retryNow(cancelled, type -> 0))
                .withMessageContaining("executions")
                .withMessageContaining("1")
                .withMessageContaining("255");

        assertThat(row(cancelled)).containsEntry("sub_state", 49);
        assertThat(count("SELECT COUNT(*) FROM ops")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM ops_data")).isEqualTo(2);
    }

    @Test
    void runNowMovesAJobDueLaterToNowWithTheSameExecutions() {
        JobId later = queue.schedule(NewJob.of(TYPE)
                .tenant(TENANT)
                .runAt(NOW.plus(Duration.ofHours(1)))
                .executions(4));
        assertThat(queue.claim(TENANT, TYPE, 10, LEASE).jobs()).isEmpty();

        JobOperationResult result = queue.runNow(later);

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(row(later)).containsEntry("state", 3).containsEntry("sub_state", 32);
        List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 10, LEASE).jobs();
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(result.newJob());
        assertThat(claimed.get(0).pendingExecution()).isEqualTo(3);
        assertThat(claimed.get(0).attempt()).isEqualTo(1);
        assertThat(queue.runNow(result.newJob()).status()).as("running now").isEqualTo(Status.NOT_ALLOWED);
        assertThat(queue.runNow(later).status()).isEqualTo(Status.ALREADY_FINISHED);
    }

    @Test
    void runNowOfAJobAlreadyDueChangesNothing() {
        JobId due = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));

        JobOperationResult result = queue.runNow(due);

        assertThat(result.status()).isEqualTo(Status.NOT_ALLOWED);
        assertThat(result.message()).contains("already due");
        assertThat(row(due)).containsEntry("sub_state", 10).containsEntry("version", 1);
    }

    @Test
    void bulkCancelActsOnlyOnTheUnfinishedJobsTheFilterMatches() {
        List<JobId> mine = queue.scheduleAll(java.util.stream.IntStream.range(0, 1_201)
                .mapToObj(i -> NewJob.of(TYPE).tenant(TENANT).runAt(NOW.plusSeconds(i)))
                .toList());
        JobId otherTenant = queue.schedule(NewJob.of(TYPE).tenant(Tenant.of(2)).runAt(NOW));
        JobId otherType =
                queue.schedule(NewJob.of(JobType.of(10)).tenant(TENANT).runAt(NOW));
        ClaimedJob running = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);

        long cancelled = queue.cancelAll(JobFilter.all().tenant(TENANT).type(TYPE));

        assertThat(cancelled).isEqualTo(1_201);
        assertThat(count("SELECT COUNT(*) FROM ops WHERE sub_state = 49")).isEqualTo(1_201);
        assertThat(row(running.id())).containsEntry("sub_state", 49);
        assertThat(row(otherTenant)).containsEntry("sub_state", 10);
        assertThat(row(otherType)).containsEntry("sub_state", 10);
        assertThat(queue.cancelAll(JobFilter.all().tenant(TENANT).type(TYPE))).isZero();
        assertThat(mine).hasSize(1_201);
    }

    @Test
    void bulkRetryOfTenThousandFailedJobsLeavesExactlyTenThousandNewRows() {
        for (int chunk = 0; chunk < 10; chunk++) {
            queue.scheduleAll(java.util.stream.IntStream.range(0, 1_000)
                    .mapToObj(i -> NewJob.of(TYPE)
                            .tenant(TENANT)
                            .runAt(NOW.minusSeconds(3_600))
                            .executions(1))
                    .toList());
        }
        // Ten thousand runs that failed for good, as a worker leaves them.
        jdbc.update("UPDATE ops SET state = 4, sub_state = 43, pending_execution = 0, version = 3");
        JobId done = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW.minusSeconds(3_600)));
        queue.complete(queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0));

        long started = System.nanoTime();
        long retried = queue.retryAll(JobFilter.all().type(TYPE).state(JobState.FAILED), type -> 2);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(retried).isEqualTo(10_000);
        assertThat(count("SELECT COUNT(*) FROM ops")).isEqualTo(20_001);
        assertThat(count("SELECT COUNT(*) FROM ops_data")).isEqualTo(20_001);
        assertThat(count("SELECT COUNT(*) FROM ops WHERE state = 1 AND sub_state = 10 AND pending_execution = 2"))
                .isEqualTo(10_000);
        assertThat(count("SELECT COUNT(*) FROM ops WHERE sub_state = 44")).isEqualTo(10_000);
        assertThat(count("SELECT COUNT(DISTINCT retry_group) FROM ops_data")).isEqualTo(10_001);
        assertThat(count("SELECT COUNT(*) FROM (SELECT retry_group FROM ops_data GROUP BY retry_group"
                        + " HAVING COUNT(*) = 2) g"))
                .isEqualTo(10_000);
        assertThat(row(done)).containsEntry("sub_state", 30);
        assertThat(queue.retryAll(JobFilter.all().type(TYPE).state(JobState.FAILED), type -> 2))
                .as("a second bulk retry finds nothing left to retry")
                .isZero();
        System.out.println("Bulk retry of 10,000 failed jobs took " + took.toMillis() + " ms");
    }

    @Test
    void aCancelRacingAClaimEitherCancelsTheJobOrLetsItRunToItsEndNeverBoth() throws Exception {
        JobQueue otherNode = JobQueue.create(
                schema.newDataSource(4),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
        int cancelledCount = 0;
        int completedCount = 0;
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                // Spread over the claim's and the completion's transactions, so that both orders happen.
                long cancelDelayNanos = java.util.concurrent.TimeUnit.MICROSECONDS.toNanos((round % 8) * 1_000L);
                JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW));
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Future<Boolean> ran = threads.submit(() -> {
                    go.await();
                    List<ClaimedJob> jobs = queue.claim(TENANT, TYPE, 1, LEASE).jobs();
                    if (jobs.isEmpty()) {
                        return false;
                    }
                    try {
                        queue.complete(jobs.get(0));
                        return true;
                    } catch (JobLostException e) {
                        return false;
                    }
                });
                java.util.concurrent.Future<JobOperationResult> cancel = threads.submit(() -> {
                    go.await();
                    java.util.concurrent.locks.LockSupport.parkNanos(cancelDelayNanos);
                    return otherNode.cancel(id);
                });
                go.countDown();
                boolean completed = ran.get();
                JobOperationResult result = cancel.get();
                int subState = (Integer) row(id).get("sub_state");

                assertThat(completed)
                        .as("round %d: completed xor cancelled", round)
                        .isNotEqualTo(result.applied());
                assertThat(subState).isEqualTo(completed ? 30 : 49);
                cancelledCount += result.applied() ? 1 : 0;
                completedCount += completed ? 1 : 0;
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM ops"))
                .as("no retry row, nothing run twice")
                .isEqualTo(40);
        System.out.println("Cancel racing a claim, 40 rounds: " + cancelledCount + " cancelled, " + completedCount
                + " ran to their end");
    }

    @Test
    void aPauseIsStoredOncePerTypeAndTenantUntilResumed() {
        assertThat(queue.pause(TYPE, null, "operator")).isTrue();
        assertThat(queue.pause(TYPE, null, "someone else")).isFalse();
        assertThat(queue.pause(TYPE, Tenant.of(3), "operator")).isTrue();

        List<PausedQueue> paused = queue.paused();

        assertThat(paused).extracting(PausedQueue::tenant).containsExactly(null, Tenant.of(3));
        assertThat(paused.get(0).by()).isEqualTo("operator");
        assertThat(paused.get(0).covers(TYPE, Tenant.of(7))).isTrue();
        assertThat(paused.get(1).covers(TYPE, Tenant.of(7))).isFalse();
        assertThat(queue.resume(TYPE, null)).isTrue();
        assertThat(queue.resume(TYPE, null)).isFalse();
        assertThat(queue.paused()).extracting(PausedQueue::tenant).containsExactly(Tenant.of(3));
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> queue.pause(TYPE, null, "x".repeat(129)))
                .withMessageContaining("128");
    }

    private Map<String, Object> row(JobId id) {
        return jdbc.queryForMap(
                "SELECT state, sub_state, pending_execution, version, lease_expires_at FROM ops" + " WHERE id = ?",
                id.value());
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
