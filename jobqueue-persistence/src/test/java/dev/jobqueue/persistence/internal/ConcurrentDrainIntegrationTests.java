package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Eight claimers over two queue instances with separate connection pools, as two processes
 * would run, drain 20,000 jobs while a producer keeps adding to the same index range.
 */
@ExtendWith(TestDatabaseExtension.class)
class ConcurrentDrainIntegrationTests {

    private static final TableName TABLE = TableName.of("drain");
    private static final JobType TYPE = JobType.of(1);
    private static final Tenant TENANT = Tenant.of(1);
    private static final int PRELOADED = 16_000;
    private static final int PRODUCED_DURING_DRAIN = 4_000;

    @Test
    void everyJobIsClaimedAndCompletedExactlyOnce(TestSchema schema) throws Exception {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        JobQueueSettings settings = JobQueueSettings.defaults().withTable(TABLE);
        JobQueue processOne = JobQueue.create(schema.newDataSource(6), settings);
        JobQueue processTwo = JobQueue.create(schema.newDataSource(6), settings);
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < PRELOADED; i++) {
            jobs.add(NewJob.of(TYPE).tenant(TENANT).runAt(Instant.now().minusSeconds(i % 600)));
        }
        processOne.scheduleAll(jobs);

        Map<JobId, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicInteger lost = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(9);
        Future<?> producer = threads.submit(() -> {
            for (int i = 0; i < PRODUCED_DURING_DRAIN / 100; i++) {
                List<NewJob> batch = new ArrayList<>();
                for (int j = 0; j < 100; j++) {
                    batch.add(NewJob.of(TYPE).tenant(TENANT));
                }
                processTwo.scheduleAll(batch);
            }
        });
        List<Future<?>> claimers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            JobQueue queue = t % 2 == 0 ? processOne : processTwo;
            claimers.add(threads.submit(() -> drain(queue, handled, lost, producer)));
        }
        producer.get();
        for (Future<?> claimer : claimers) {
            claimer.get();
        }
        threads.shutdown();

        int total = PRELOADED + PRODUCED_DURING_DRAIN;
        assertThat(handled).hasSize(total);
        assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(lost.get()).isZero();
        assertThat(processOne.countByState(TENANT, TYPE))
                .containsEntry(JobState.DONE, (long) total)
                .containsEntry(JobState.SCHEDULED, 0L)
                .containsEntry(JobState.PROCESSING, 0L);
        assertThat(new JdbcTemplate(schema.dataSource())
                        .queryForObject("SELECT COUNT(*) FROM drain WHERE version <> 3", Integer.class))
                .isZero();
    }

    private static void drain(
            JobQueue queue, Map<JobId, AtomicInteger> handled, AtomicInteger lost, Future<?> producer) {
        int emptyAfterProducer = 0;
        while (emptyAfterProducer < 3) {
            List<ClaimedJob> batch =
                    queue.claim(TENANT, TYPE, 50, Duration.ofMinutes(5)).jobs();
            if (batch.isEmpty()) {
                emptyAfterProducer = producer.isDone() ? emptyAfterProducer + 1 : 0;
                continue;
            }
            batch.forEach(job ->
                    handled.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet());
            lost.addAndGet(queue.completeAll(batch).size());
        }
    }
}
