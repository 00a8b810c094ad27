package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lease recovery spends an execution only on a run that started: a claimed job whose start was
 * never recorded goes back to 1/10 with the execution its claim took; a started one fails 41
 * with a retry row (or 43 on its last execution), as before.
 */
@ExtendWith(TestDatabaseExtension.class)
class UnstartedRunReleaseIntegrationTests {

    private static final TableName TABLE = TableName.of("released");
    private static final JobType TYPE = JobType.of(8);
    private static final Tenant TENANT = Tenant.of(2);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2030-05-06T07:08:09Z");
    private static final RetryPolicy AT_ONCE = RetryPolicy.fixedDelay(Duration.ZERO);

    private static TestSchema schema;
    private final MutableClock clock = new MutableClock(NOW);
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
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
        jdbc.execute("TRUNCATE TABLE released");
        jdbc.execute("TRUNCATE TABLE released_data");
        queue = JobQueue.create(schema.dataSource(), settings());
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void aJobClaimedOnItsLastExecutionThatNeverStartedIsReleasedWithThatExecution() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(1));
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
        assertThat(row(id)).containsEntry("pending_execution", 0);
        clock.advance(LEASE.plusSeconds(1));

        assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE)).isEqualTo(1);

        assertThat(row(id))
                .containsEntry("state", 1)
                .containsEntry("sub_state", 10)
                .containsEntry("pending_execution", 1)
                .containsEntry("version", 3)
                .containsEntry("lease_expires_at", null)
                .containsEntry("run_started_at", null);
        assertThat(queue.findByRetryGroup(claimed.retryGroup())).hasSize(1);
        ClaimedJob again = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.pendingExecution()).isZero();
        assertThat(again.attempt()).isEqualTo(1);
        queue.complete(again);
        assertThat(row(id)).containsEntry("state", 3).containsEntry("sub_state", 30);
    }

    @Test
    void aJobWhoseRunStartedFailsWith41AndARetryRowAsBefore() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2));
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
        assertThat(queue.recordStarts(List.of(claimed))).isEqualTo(1);
        assertThat(row(id).get("run_started_at")).isNotNull();
        clock.advance(LEASE.plusSeconds(1));

        assertThat(queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE)).isEqualTo(1);

        List<JobDetails> group = queue.findByRetryGroup(claimed.retryGroup());
        assertThat(group).extracting(JobDetails::subState).containsExactly(41, 10);
        assertThat(group).extracting(JobDetails::pendingExecution).containsExactly(1, 1);
        assertThat(group.get(1).attempt()).isEqualTo(2);
        assertThat(row(group.get(1).id())).containsEntry("run_started_at", null);
    }

    @Test
    void aStartedJobOnItsLastExecutionFailsWith43() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(1));
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
        queue.recordStarts(List.of(claimed));
        clock.advance(LEASE.plusSeconds(1));

        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE);

        assertThat(row(id)).containsEntry("state", 4).containsEntry("sub_state", 43);
        assertThat(queue.findByRetryGroup(claimed.retryGroup())).hasSize(1);
    }

    @Test
    void startsRecordedWithCompletionsOrWithTheNextClaimCount() {
        List<JobId> ids = queue.scheduleAll(
                Collections.nCopies(4, NewJob.of(TYPE).tenant(TENANT).runAt(NOW)));
        List<ClaimedJob> first = queue.claim(TENANT, TYPE, 2, LEASE).jobs();

        assertThat(queue.completeAll(List.of(first.get(0)), first)).isEmpty();
        CompletedAndClaimed next = queue.completeAndClaim(List.of(), List.of(first.get(1)), TENANT, TYPE, 2, LEASE);
        queue.completeAndClaim(List.of(), List.of(next.claimed().jobs().get(0)), TENANT, TYPE, 1, LEASE);
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE);

        assertThat(row(ids.get(0)))
                .as("completed; its start needed no record")
                .containsEntry("sub_state", 30)
                .containsEntry("run_started_at", null);
        assertThat(row(ids.get(1))).as("start recorded with a completion").containsEntry("sub_state", 41);
        assertThat(row(ids.get(2))).as("start recorded with the next claim").containsEntry("sub_state", 41);
        assertThat(row(ids.get(3)))
                .as("never started")
                .containsEntry("sub_state", 10)
                .containsEntry("pending_execution", 3);
    }

    @Test
    void aStartOfAnEarlierClaimDoesNotMarkTheNextOne() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(1));
        ClaimedJob earlier = queue.claim(TENANT, TYPE, 1, LEASE).jobs().get(0);
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE);
        queue.claim(TENANT, TYPE, 1, LEASE);

        assertThat(queue.recordStarts(List.of(earlier))).isZero();
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE);

        assertThat(row(id))
                .containsEntry("state", 1)
                .containsEntry("sub_state", 10)
                .containsEntry("pending_execution", 1);
    }

    @Test
    void aClaimClearsAStartLeftOnAScheduledRow() {
        JobId id = queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(1));
        jdbc.update("UPDATE released SET run_started_at = ? WHERE id = ?", Sql.utc(NOW), id.value());

        queue.claim(TENANT, TYPE, 1, LEASE);
        clock.advance(LEASE.plusSeconds(1));
        queue.recoverExpiredLeases(TENANT, TYPE, 10, AT_ONCE);

        assertThat(row(id)).containsEntry("state", 1).containsEntry("pending_execution", 1);
    }

    @Test
    void twoRecoverersOnTwoPoolsReleaseOrFailEachExpiredJobOnce() throws Exception {
        int jobs = 300;
        queue.scheduleAll(Collections.nCopies(
                jobs, NewJob.of(TYPE).tenant(TENANT).runAt(NOW).executions(2)));
        List<ClaimedJob> started = new ArrayList<>();
        List<ClaimedJob> unstarted = new ArrayList<>();
        for (int batch = 0; batch < jobs / 50; batch++) {
            List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 50, LEASE).jobs();
            started.addAll(claimed.subList(0, 20));
            unstarted.addAll(claimed.subList(20, 50));
        }
        queue.recordStarts(started);
        clock.advance(LEASE.plusSeconds(1));
        JobQueue one = JobQueue.create(schema.newDataSource(2), settings());
        JobQueue two = JobQueue.create(schema.newDataSource(2), settings());

        List<Future<Integer>> recoverers =
                List.of(threads.submit(() -> recoverAll(one)), threads.submit(() -> recoverAll(two)));
        int recovered = 0;
        for (Future<Integer> recoverer : recoverers) {
            recovered += recoverer.get(60, TimeUnit.SECONDS);
        }

        assertThat(recovered).isEqualTo(jobs);
        assertThat(jdbc.queryForList("SELECT sub_state, pending_execution, version, COUNT(*) AS n FROM released"
                        + " GROUP BY sub_state, pending_execution, version ORDER BY sub_state, version"))
                .containsExactly(
                        Map.of("sub_state", 10, "pending_execution", 1, "version", 1, "n", 120L),
                        Map.of("sub_state", 10, "pending_execution", 2, "version", 3, "n", 180L),
                        Map.of("sub_state", 41, "pending_execution", 1, "version", 3, "n", 120L));
        assertThat(unstarted).allSatisfy(job -> assertThat(row(job.id())).containsEntry("sub_state", 10));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM released WHERE state = 1 AND pending_execution = 0", Integer.class))
                .isZero();
    }

    private static int recoverAll(JobQueue recoverer) {
        int total = 0;
        while (true) {
            int recovered = recoverer.recoverExpiredLeases(TENANT, TYPE, 7, AT_ONCE);
            if (recovered == 0 && recoverer.countUnfinished(TENANT, TYPE).getOrDefault(JobState.PROCESSING, 0L) == 0) {
                return total;
            }
            total += recovered;
        }
    }

    private JobQueueSettings settings() {
        return JobQueueSettings.defaults().withTable(TABLE).withClock(clock);
    }

    private Map<String, Object> row(JobId id) {
        return jdbc.queryForMap(
                "SELECT state, sub_state, pending_execution, version, lease_expires_at,"
                        + " run_started_at FROM released WHERE id = ?",
                id.value());
    }
}
