package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.jobqueue.domain.DuplicateJobException;
import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UniqueKey;
import dev.jobqueue.test.MutableClock;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Unique jobs (issue #16): one live job per key and tenant, across transactions and nodes. */
@ExtendWith(TestDatabaseExtension.class)
class UniqueJobsIntegrationTests {

    private static final TableName TABLE = TableName.of("uniq");
    private static final JobType TYPE = JobType.of(9);
    private static final Tenant TENANT = Tenant.of(2);
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2030-03-04T05:06:07Z");

    private static TestSchema schema;
    private static DataSource dataSource;
    private final MutableClock clock = new MutableClock(NOW);
    private JobQueue queue;
    private JdbcTemplate jdbc;

    @BeforeAll
    static void createTables(TestSchema testSchema) {
        schema = testSchema;
        dataSource = schema.dataSource();
        JobQueueSchema.migrate(dataSource, TABLE);
    }

    @BeforeEach
    void emptyTables() {
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("TRUNCATE TABLE uniq");
        jdbc.execute("TRUNCATE TABLE uniq_data");
        jdbc.execute("TRUNCATE TABLE uniq_unique_keys");
        queue = JobQueue.create(
                dataSource, JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }

    private NewJob job() {
        return NewJob.of(TYPE).tenant(TENANT);
    }

    @Test
    void aSecondJobWithAHeldKeyGetsTheFirstJobsIdAndNothingIsWritten() {
        UniqueScheduling first = queue.scheduleUnique(job(), UniqueKey.of("order-42"));
        UniqueScheduling second = queue.scheduleUnique(job().properties(Map.of("other", 1)), UniqueKey.of("order-42"));

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq_data", Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT job_id FROM uniq_unique_keys WHERE tenant = 2 AND unique_key = ?",
                        String.class,
                        "order-42"))
                .isEqualTo(first.id().value());
    }

    @Test
    void aKeyThatFailsIfTakenThrowsWithTheHoldersIdAndWritesNothing() {
        JobId first = queue.scheduleUnique(job(), UniqueKey.of("order-42")).id();

        assertThatExceptionOfType(DuplicateJobException.class)
                .isThrownBy(() ->
                        queue.scheduleUnique(job(), UniqueKey.of("order-42").failingIfTaken()))
                .withMessageContaining("order-42")
                .withMessageContaining(first.value())
                .satisfies(e -> assertThat(e.existing()).isEqualTo(first));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void aDuplicateInsideACallersTransactionLeavesItCommittable() {
        queue.scheduleUnique(job(), UniqueKey.of("k"));
        TransactionTemplate caller = new TransactionTemplate(new JdbcTransactionManager(dataSource));

        JobId other = caller.execute(status -> {
            assertThatExceptionOfType(DuplicateJobException.class)
                    .isThrownBy(
                            () -> queue.scheduleUnique(job(), UniqueKey.of("k").failingIfTaken()));
            return queue.scheduleUnique(job(), UniqueKey.of("other")).id();
        });

        assertThat(queue.details(other)).isPresent();
    }

    @Test
    void aRolledBackCallersTransactionTakesNoKey() {
        TransactionTemplate caller = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        caller.execute(status -> {
            queue.scheduleUnique(job(), UniqueKey.of("k"));
            status.setRollbackOnly();
            return null;
        });

        UniqueScheduling after = queue.scheduleUnique(job(), UniqueKey.of("k"));

        assertThat(after.created()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void keysAreUniqueWithinATenantOnly() {
        UniqueScheduling one = queue.scheduleUnique(job(), UniqueKey.of("k"));
        UniqueScheduling other = queue.scheduleUnique(job().tenant(Tenant.of(3)), UniqueKey.of("k"));

        assertThat(other.created()).isTrue();
        assertThat(other.id()).isNotEqualTo(one.id());
    }

    @Test
    void theKeyIsHeldWhileProcessingAndReleasedWhenTheJobCompletes() {
        JobId first = queue.scheduleUnique(job(), UniqueKey.of("k")).id();
        ClaimedJob claimed = queue.claim(TENANT, TYPE, 10, LEASE).jobs().get(0);

        assertThat(queue.scheduleUnique(job(), UniqueKey.of("k")).id()).isEqualTo(first);
        queue.complete(claimed);
        UniqueScheduling next = queue.scheduleUnique(job(), UniqueKey.of("k"));

        assertThat(next.created()).isTrue();
        assertThat(next.id()).isNotEqualTo(first);
        assertThat(jdbc.queryForObject("SELECT job_id FROM uniq_unique_keys", String.class))
                .isEqualTo(next.id().value());
    }

    @Test
    void theKeyFollowsARetryAndIsReleasedWhenTheJobFailsForGood() {
        queue.scheduleUnique(job().executions(2), UniqueKey.of("k"));
        ClaimedJob run = queue.claim(TENANT, TYPE, 10, LEASE).jobs().get(0);
        queue.failAndRetry(run, NOW);
        JobId retry = queue.findByRetryGroup(run.retryGroup()).get(1).id();

        assertThat(queue.scheduleUnique(job(), UniqueKey.of("k")).id()).isEqualTo(retry);

        queue.failAndRetry(queue.claim(TENANT, TYPE, 10, LEASE).jobs().get(0), NOW);
        UniqueScheduling next = queue.scheduleUnique(job(), UniqueKey.of("k"));
        assertThat(next.created()).isTrue();
        assertThat(queue.details(retry).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void aKeyHeldOnlyWhileScheduledIsFreeOnceTheJobRuns() {
        UniqueKey key = UniqueKey.of("k").heldWhile(JobState.SCHEDULED);
        queue.scheduleUnique(job(), key);
        queue.claim(TENANT, TYPE, 10, LEASE);

        assertThat(queue.scheduleUnique(job(), key).created()).isTrue();
    }

    @Test
    void badKeysAreRefusedNamingTheField() {
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> UniqueKey.of(" "))
                .withMessageContaining("uniqueKey must not be blank");
        assertThatExceptionOfType(InvalidJobInputException.class)
                .isThrownBy(() -> UniqueKey.of("x".repeat(192)))
                .withMessage("uniqueKey must be at most 191 characters but was 192");
        assertThat(UniqueKey.of("😀".repeat(191)).value()).hasSize(382);
    }

    /**
     * Two nodes (separate pools), 8 schedulers each, schedule the same 20 keys at once, round
     * after round; between rounds a worker completes every job. Each round makes exactly one job
     * per key, every scheduler gets that job's id, and the next round makes a new one.
     */
    @Test
    void concurrentSchedulersOnTwoNodesMakeExactlyOneJobPerKeyAndANewOneAfterItFinished() throws Exception {
        List<JobQueue> nodes = List.of(node(), node());
        int threads = 16;
        int keys = 20;
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Set<JobId> previous = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                Map<String, Set<JobId>> idsByKey = new ConcurrentHashMap<>();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    JobQueue node = nodes.get(t % 2);
                    int offset = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int k = 0; k < keys; k++) {
                            String key = "key-" + ((k + offset) % keys);
                            JobId id = node.scheduleUnique(job().correlationId(key), UniqueKey.of(key))
                                    .id();
                            idsByKey.computeIfAbsent(key, x -> ConcurrentHashMap.newKeySet())
                                    .add(id);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
                assertThat(idsByKey)
                        .hasSize(keys)
                        .allSatisfy((key, ids) -> assertThat(ids).hasSize(1));
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq WHERE state = 1", Integer.class))
                        .isEqualTo(keys);
                assertThat(jdbc.queryForList(
                                "SELECT correlation_id FROM uniq WHERE state IN (1, 2)"
                                        + " GROUP BY correlation_id HAVING COUNT(*) > 1",
                                String.class))
                        .isEmpty();
                Set<JobId> ids = ConcurrentHashMap.newKeySet();
                idsByKey.values().forEach(ids::addAll);
                assertThat(ids)
                        .hasSize(keys)
                        .allSatisfy(id -> assertThat(previous).doesNotContain(id));
                previous.clear();
                previous.addAll(ids);
                List<ClaimedJob> claimed = queue.claim(TENANT, TYPE, 100, LEASE).jobs();
                assertThat(claimed).hasSize(keys);
                assertThat(queue.completeAll(claimed)).isEmpty();
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq", Integer.class))
                    .isEqualTo(keys * rounds);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq WHERE state = 3", Integer.class))
                    .isEqualTo(keys * rounds);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Schedulers on two nodes keep scheduling 5 keys while a worker keeps claiming and completing
     * jobs: sampled all along, no key ever has two live jobs, and keys are taken again right after
     * their jobs finish (many jobs per key in all).
     */
    @Test
    void whileJobsKeepFinishingNoKeyEverHasTwoLiveJobs() throws Exception {
        List<JobQueue> nodes = List.of(node(), node());
        int keys = 5;
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                JobQueue node = nodes.get(t % 2);
                running.add(pool.submit(() -> {
                    for (int i = 0; System.nanoTime() < until; i++) {
                        String key = "key-" + (i % keys);
                        node.scheduleUnique(job().correlationId(key), UniqueKey.of(key));
                    }
                    return null;
                }));
            }
            running.add(pool.submit(() -> {
                while (System.nanoTime() < until) {
                    queue.completeAll(queue.claim(TENANT, TYPE, 100, LEASE).jobs());
                }
                return null;
            }));
            int samples = 0;
            while (System.nanoTime() < until) {
                assertThat(jdbc.queryForList(
                                "SELECT correlation_id FROM uniq WHERE state IN (1, 2)"
                                        + " GROUP BY correlation_id HAVING COUNT(*) > 1",
                                String.class))
                        .isEmpty();
                samples++;
            }
            for (Future<?> future : running) {
                future.get();
            }
            assertThat(samples).isGreaterThan(10);
            assertThat(jdbc.queryForList(
                            "SELECT correlation_id FROM uniq WHERE state IN (1, 2)"
                                    + " GROUP BY correlation_id HAVING COUNT(*) > 1",
                            String.class))
                    .isEmpty();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM uniq WHERE state = 3", Integer.class))
                    .isGreaterThan(keys * 5);
        } finally {
            pool.shutdownNow();
        }
    }

    private JobQueue node() {
        return JobQueue.create(
                schema.newDataSource(8),
                JobQueueSettings.defaults().withTable(TABLE).withClock(clock));
    }
}
