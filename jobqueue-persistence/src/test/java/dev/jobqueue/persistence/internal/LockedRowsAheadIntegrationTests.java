package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claims while thousands of rows ahead of the due jobs, in {@code claim_index} order, are
 * locked by another transaction: a long business transaction that scheduled 10,000 jobs and has
 * not committed, or a poll that locked every scheduled row of its tenant and type (as the Go
 * library's does on its own index layout) and holds its locks. The claim skips the locked rows and takes the committed jobs behind
 * them, within a generous bound.
 */
@ExtendWith(TestDatabaseExtension.class)
class LockedRowsAheadIntegrationTests {

    private static final Logger LOGGER = LoggerFactory.getLogger(LockedRowsAheadIntegrationTests.class);
    private static final TableName TABLE = TableName.of("ahead");
    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");
    private static final int LOCKED = 10_000;
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(NOW);
    private DataSource business;
    private JobQueue queue;
    private JobQueue businessQueue;

    @BeforeEach
    void emptyTables(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        jdbc.execute("TRUNCATE TABLE ahead");
        jdbc.execute("TRUNCATE TABLE ahead_data");
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE).withClock(clock);
        queue = JobQueue.create(schema.newDataSource(2), settings);
        business = schema.newDataSource(2);
        businessQueue = new JobQueue(
                business,
                new DataSourceTransactionManager(business),
                settings,
                queue.lifecycle(),
                JsonMapper.builder().build());
    }

    @Test
    void jobsBehindTenThousandUncommittedOnesAreClaimedWithinTheBound() throws Exception {
        List<JobId> committed = queue.scheduleAll(jobs(20, NOW.minusSeconds(5)));
        CountDownLatch scheduled = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> transaction =
                CompletableFuture.runAsync(() -> new TransactionTemplate(new DataSourceTransactionManager(business))
                        .executeWithoutResult(status -> {
                            businessQueue.scheduleAll(jobs(LOCKED, NOW.minusSeconds(10)));
                            scheduled.countDown();
                            await(finish);
                            status.setRollbackOnly();
                        }));
        try {
            assertThat(scheduled.await(60, TimeUnit.SECONDS)).isTrue();

            assertThat(claimAllWithinTheBound()).containsExactlyElementsOf(committed);
        } finally {
            finish.countDown();
            transaction.get(60, TimeUnit.SECONDS);
        }
        assertThat(queue.countByState(TENANT, TYPE))
                .containsEntry(JobState.PROCESSING, 20L)
                .containsEntry(JobState.SCHEDULED, 0L);
    }

    @Test
    void jobsScheduledAfterAPollLockedTenThousandRowsAreClaimedWithinTheBound(TestSchema schema) throws Exception {
        queue.scheduleAll(jobs(LOCKED, NOW.minusSeconds(10)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        // A poll that locked every scheduled row of the tenant and type, as the Go library's does on
        // its own index layout (on claim_index its MIN(id) locks one row). At READ COMMITTED: a
        // plain FOR UPDATE at REPEATABLE READ also takes gap locks, and scheduling the later jobs
        // would wait for the poll to end (the Go library's SKIP LOCKED read did not block them).
        TransactionTemplate readCommitted = new TransactionTemplate(new DataSourceTransactionManager(business));
        readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        CompletableFuture<Void> poll = CompletableFuture.runAsync(() -> readCommitted.executeWithoutResult(status -> {
            List<String> ids = new JdbcTemplate(business)
                    .queryForList(
                            "SELECT id FROM ahead " + "WHERE tenant = ? AND job_type = ? AND state = 1 FOR UPDATE",
                            String.class,
                            TENANT.value(),
                            TYPE.id());
            assertThat(ids).hasSize(LOCKED);
            locked.countDown();
            await(finish);
        }));
        try {
            assertThat(locked.await(60, TimeUnit.SECONDS)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            List<JobId> later = queue.scheduleAll(jobs(20, NOW));

            assertThat(claimAllWithinTheBound()).containsExactlyElementsOf(later);
        } finally {
            finish.countDown();
            poll.get(60, TimeUnit.SECONDS);
        }
        assertThat(queue.claim(TENANT, TYPE, 100, Duration.ofMinutes(1)).jobs())
                .as("the polled rows, once free")
                .hasSize(100);
    }

    /** Claims batches of 10 until one comes back empty; each claim must return within the bound. */
    private List<JobId> claimAllWithinTheBound() {
        List<JobId> claimed = new ArrayList<>();
        Duration slowest = Duration.ZERO;
        while (true) {
            long started = System.nanoTime();
            List<ClaimedJob> batch =
                    queue.claim(TENANT, TYPE, 10, Duration.ofMinutes(1)).jobs();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            assertThat(took).as("one claim past %d locked rows", LOCKED).isLessThan(BOUND);
            if (batch.isEmpty()) {
                LOGGER.info("Slowest claim past {} locked rows: {} ms", LOCKED, slowest.toMillis());
                return claimed;
            }
            batch.forEach(job -> claimed.add(job.id()));
        }
    }

    private static List<NewJob> jobs(int count, Instant runAt) {
        return IntStream.range(0, count)
                .mapToObj(i -> NewJob.of(TYPE).tenant(TENANT).runAt(runAt))
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
