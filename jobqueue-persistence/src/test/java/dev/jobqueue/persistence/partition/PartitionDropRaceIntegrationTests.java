package dev.jobqueue.persistence.partition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition drop racing a write into the week being dropped: a late reschedule or retry of a
 * running job whose next run lies in that old week (a stale clock, a Go-side retry, a handler
 * that reschedules "as of" its job's due time). The write is in flight while the round decides
 * the partition is empty; the round must not drop the committed row with the partition.
 */
@ExtendWith(TestDatabaseExtension.class)
class PartitionDropRaceIntegrationTests {

    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    private static final Instant CREATED = Instant.parse("2026-11-25T10:15:30Z");
    private static final Instant LATER = Instant.parse("2027-01-05T00:00:00Z");
    /** Inside p2026w48, which the round at {@link #LATER} drops. */
    private static final Instant IN_DROPPED_WEEK = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void aRescheduleIntoTheWeekBeingDroppedIsNeverLost(TestSchema schema) throws Exception {
        writeIntoTheWeekBeingDropped(
                schema, "raced_reschedule", (queue, running) -> queue.reschedule(running, IN_DROPPED_WEEK));
    }

    @Test
    void aRetryIntoTheWeekBeingDroppedIsNeverLost(TestSchema schema) throws Exception {
        writeIntoTheWeekBeingDropped(
                schema, "raced_retry", (queue, running) -> queue.failAndRetry(running, IN_DROPPED_WEEK));
    }

    private static void writeIntoTheWeekBeingDropped(
            TestSchema schema, String base, BiConsumer<JobQueue, ClaimedJob> write) throws Exception {
        PartitionTestTables tables = PartitionTestTables.migrated(schema.dataSource(), base);
        new PartitionMaintainer(
                        schema.dataSource(),
                        tables.table(),
                        MutableClock.at(CREATED.toString()),
                        PartitionSettings.defaults())
                .maintain();
        MutableClock clock = MutableClock.at(LATER.toString());
        DataSource app = schema.newDataSource(2);
        JobQueue queue = new JobQueue(
                app,
                new DataSourceTransactionManager(app),
                JobQueueSettings.defaults().withTable(tables.table()).withClock(clock),
                JobLifecycle.standard(),
                JsonMapper.builder().build());
        queue.schedule(NewJob.of(TYPE).tenant(TENANT).runAt(LATER).executions(2));
        ClaimedJob running =
                queue.claim(TENANT, TYPE, 1, Duration.ofMinutes(5)).jobs().get(0);
        JobId[] next = new JobId[1];

        MaintenanceReport report = racedRound(schema, tables, app, transaction -> {
            write.accept(queue, running);
            next[0] = queue.findByRetryGroup(running.retryGroup()).stream()
                    .map(JobDetails::id)
                    .filter(id -> !id.equals(running.id()))
                    .findFirst()
                    .orElseThrow();
        });

        assertThat(next[0].part()).isEqualTo(IN_DROPPED_WEEK);
        JobDetails written = queue.details(next[0]).orElseThrow();
        assertThat(written.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(report.keptLive())
                .extracting(live -> live.partition().partition())
                .contains("p2026w48");
        assertThat(tables.idsIn(tables.table().jobs(), "p2026w48")).containsExactly(next[0].value());
        assertThat(tables.idsIn(tables.table().jobsData(), "p2026w48")).containsExactly(next[0].value());
    }

    /**
     * One maintenance round at {@link #LATER} whose drop hook starts {@code write} in a
     * transaction of another connection and returns while it is open; that transaction commits
     * as soon as the round waits for the table's metadata lock (or after 3 s when it never does).
     */
    private static MaintenanceReport racedRound(
            TestSchema schema, PartitionTestTables tables, DataSource app, Consumer<Object> write) throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] writer = new CompletableFuture[1];
        JdbcTemplate observer = new JdbcTemplate(schema.newDataSource(1));
        PartitionDropHook hook = (jobs, jobsData) -> {
            if (!jobs.partition().equals("p2026w48") || writer[0] != null) {
                return;
            }
            writer[0] = CompletableFuture.runAsync(() -> new TransactionTemplate(new DataSourceTransactionManager(app))
                    .executeWithoutResult(status -> {
                        write.accept(status);
                        written.countDown();
                        waitForMetadataLockWait(observer, schema.name());
                    }));
            try {
                assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        MaintenanceReport report = new PartitionMaintainer(
                        schema.dataSource(),
                        tables.table(),
                        MutableClock.at(LATER.toString()),
                        PartitionSettings.defaults(),
                        hook)
                .maintain();
        writer[0].get(20, TimeUnit.SECONDS);
        return report;
    }

    private static void waitForMetadataLockWait(JdbcTemplate observer, String schema) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            Long waiting = observer.queryForObject(
                    "SELECT COUNT(*) FROM information_schema.processlist "
                            + "WHERE db = ? AND state LIKE 'Waiting for table metadata lock%'",
                    Long.class, schema);
            if (waiting != null && waiting > 0) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
