package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.embedded.EmbeddedMariaDb;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import dev.jobqueue.worker.ShardUnavailableException;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code jobqueue.shards} through the starter (issue 20): the application's datasource holds
 * tenants 0 and 1, shard {@code b} (a second schema of the test server) tenants 3 and 4. Jobs
 * land in their tenant's database and each runs once, on the workers of that database; a shard
 * down at startup is logged and left behind while the rest of the node runs; a shard on a second
 * server (an embedded MariaDB of its own) that stops takes only its tenants' jobs with it.
 */
@ExtendWith({TestDatabaseExtension.class, OutputCaptureExtension.class})
class ShardsAutoConfigurationIntegrationTests {

    private static final String TABLE = "shards_boot";
    private static final JobType WORK = JobType.of(62);
    private static final int JOBS_PER_TENANT = 5;

    private final TestSchema schema;
    private TestSchema shardB;

    ShardsAutoConfigurationIntegrationTests(TestSchema schema) {
        this.schema = schema;
    }

    @BeforeEach
    void createShard() {
        shardB = TestDatabase.createSchema("shardsboot");
    }

    @AfterEach
    void dropShardAndTheDefaultTables() {
        shardB.close();
        // why: the class's schema is shared by its tests, each starts from no table
        JdbcTemplate main = new JdbcTemplate(schema.dataSource());
        List<String> tables = main.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        main.execute((ConnectionCallback<Void>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET FOREIGN_KEY_CHECKS = 0");
                for (String table : tables) {
                    statement.execute("DROP TABLE `" + table + "`");
                }
                statement.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
            return null;
        });
    }

    /** Counts the runs of each job, by the key in its payload. */
    static class Work {

        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @JobHandler(id = 62, name = "work")
        void run(Map<String, Object> payload) {
            runs.computeIfAbsent((String) payload.get("key"), key -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    private ApplicationContextRunner contexts(String shardUrl, String... more) {
        return JdbcContexts.withJpa(schema)
                .withBean(Work.class)
                .withPropertyValues(
                        "jobqueue.table=" + TABLE,
                        "jobqueue.tenants=0,1",
                        "jobqueue.partitions.enabled=false",
                        "jobqueue.worker.poll-interval=100ms",
                        "jobqueue.worker.max-poll-interval=500ms",
                        "jobqueue.shards.b.url=" + shardUrl,
                        "jobqueue.shards.b.username=" + shardB.user(),
                        "jobqueue.shards.b.password=" + shardB.password(),
                        "jobqueue.shards.b.tenants=3,4",
                        "jobqueue.shards.b.pool.maximum-size=4",
                        "jobqueue.shards.b.pool.connection-timeout=1s")
                .withPropertyValues(more);
    }

    @Test
    void eachTenantsJobsLandInItsDatabaseAndRunOnce() {
        contexts(shardB.jdbcUrl(), "jobqueue.partitions.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            Jobs jobs = context.getBean(Jobs.class);
            Work work = context.getBean(Work.class);
            JdbcTemplate main = new JdbcTemplate(context.getBean(DataSource.class));
            JdbcTemplate b = new JdbcTemplate(shardB.dataSource());

            List<JobId> ids = new ArrayList<>();
            for (int tenant : List.of(0, 1, 3, 4)) {
                for (int i = 0; i < JOBS_PER_TENANT; i++) {
                    Map<String, Object> payload = Map.of("key", tenant + "-" + i);
                    ids.add(
                            i % 2 == 0
                                    ? scheduler
                                            .job(WORK, payload)
                                            .tenant(tenant)
                                            .schedule()
                                    : scheduler.schedule(NewJob.of(WORK)
                                            .tenant(Tenant.of(tenant))
                                            .properties(payload)));
                }
            }

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(work.runs).hasSize(4 * JOBS_PER_TENANT));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(byTenantAndState(main)).isEqualTo(Map.of("0/DONE", 5L, "1/DONE", 5L));
                assertThat(byTenantAndState(b)).isEqualTo(Map.of("3/DONE", 5L, "4/DONE", 5L));
            });
            assertThat(work.runs.values())
                    .allSatisfy(
                            runs -> assertThat(runs.get()).as("runs of one job").isEqualTo(1));
            assertThat(b.queryForObject("SELECT COUNT(*) FROM " + TABLE + "_data", Long.class))
                    .isEqualTo(10L);
            // Partition maintenance ran on the shard too: its catch-all partition was split.
            assertThat(partitions(b)).as("partitions of the shard's table").hasSizeGreaterThan(1);
            assertThat(partitions(main)).as("partitions of the default table").hasSameSizeAs(partitions(b));

            // Jobs.find(id) asks the default database, then every shard.
            for (JobId id : List.of(ids.get(0), ids.get(2 * JOBS_PER_TENANT), ids.get(4 * JOBS_PER_TENANT - 1))) {
                assertThat(jobs.find(id)).map(JobDetails::state).contains(JobState.DONE);
            }
            assertThat(jobs.find(ids.get(3 * JOBS_PER_TENANT)))
                    .map(JobDetails::tenant)
                    .contains(Tenant.of(4));
        });
    }

    @Test
    void jobsOfTwoDatabasesAreRefusedTogetherAndAShardsJobCommitsOnItsOwn() {
        contexts(shardB.jdbcUrl(), "jobqueue.worker.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            JobScheduler scheduler = context.getBean(JobScheduler.class);
            JdbcTemplate main = new JdbcTemplate(context.getBean(DataSource.class));
            JdbcTemplate b = new JdbcTemplate(shardB.dataSource());

            assertThatThrownBy(() -> scheduler.scheduleAll(List.of(
                            NewJob.of(WORK).tenant(Tenant.of(1)),
                            NewJob.of(WORK).tenant(Tenant.of(3)))))
                    .isInstanceOf(InvalidJobInputException.class)
                    .hasMessageContaining("tenant 1 (shard 'default') and tenant 3 (shard 'b')");
            assertThatThrownBy(() -> scheduler
                            .job(WORK, Map.of("key", "chain"))
                            .tenant(4)
                            .then(scheduler.job(WORK, Map.of("key", "next")).tenant(0))
                            .schedule())
                    .isInstanceOf(InvalidJobInputException.class);
            assertThatThrownBy(() -> scheduler
                            .batch()
                            .add(scheduler.job(WORK, Map.of("key", "member")).tenant(3))
                            .whenFinished(scheduler
                                    .job(WORK, Map.of("key", "callback"))
                                    .tenant(1))
                            .schedule())
                    .isInstanceOf(InvalidJobInputException.class);
            assertThat(count(main) + count(b)).isZero();

            // A batch and a chain of one shard's tenants: written into that shard.
            scheduler
                    .batch()
                    .add(scheduler.job(WORK, Map.of("key", "member")).tenant(3))
                    .whenFinished(scheduler.job(WORK, Map.of("key", "callback")).tenant(4))
                    .schedule();
            scheduler
                    .job(WORK, Map.of("key", "first"))
                    .tenant(4)
                    .then(scheduler.job(WORK, Map.of("key", "next")).tenant(4))
                    .schedule();
            assertThat(count(main)).isZero();
            long written = count(b);
            assertThat(written).as("batch member and first job of the chain").isGreaterThanOrEqualTo(2);
            b.execute("DELETE FROM " + TABLE + "_data");
            b.execute("DELETE FROM " + TABLE);

            // Same shard: all together, into b.
            scheduler.scheduleAll(List.of(
                    NewJob.of(WORK).tenant(Tenant.of(3)), NewJob.of(WORK).tenant(Tenant.of(4))));
            assertThat(count(b)).isEqualTo(2);

            // Inside the application's transaction, rolled back: the default database's job goes
            // with it, the shard's job was written in its own transaction and stays.
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
                scheduler.job(WORK, Map.of("key", "main")).tenant(0).schedule();
                scheduler.job(WORK, Map.of("key", "shard")).tenant(3).schedule();
                status.setRollbackOnly();
            });
            assertThat(count(main)).isZero();
            assertThat(count(b)).isEqualTo(3);
        });
    }

    @Test
    void aShardDownAtStartupIsLoggedOnceTheRestRunsAndItsTablesComeWhenItAnswers(CapturedOutput output) {
        try (CuttableProxy proxy = new CuttableProxy(shardB.jdbcUrl())) {
            proxy.cut();
            contexts(proxy.proxied(shardB.jdbcUrl())).run(context -> {
                assertThat(context).hasNotFailed();
                JobScheduler scheduler = context.getBean(JobScheduler.class);
                Work work = context.getBean(Work.class);

                scheduler.job(WORK, Map.of("key", "alive")).tenant(1).schedule();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(work.runs).containsKey("alive"));
                assertThatThrownBy(() -> scheduler
                                .job(WORK, Map.of("key", "lost"))
                                .tenant(3)
                                .schedule())
                        .isInstanceOf(ShardUnavailableException.class)
                        .hasMessageStartingWith("The database of shard 'b' (tenant 3) cannot be reached");
                assertThat(Pattern.compile("The database of shard 'b' cannot be reached at startup")
                                .matcher(output.getOut())
                                .results()
                                .count())
                        .isEqualTo(1);
                assertThat(context.getBean(JobQueueShards.class).unmigrated()).containsExactly("b");

                proxy.restore();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(
                                        context.getBean(JobQueueShards.class).unmigrated())
                                .isEmpty());
                scheduler.job(WORK, Map.of("key", "back")).tenant(3).schedule();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(work.runs).containsKey("back"));
                assertThat(byTenantAndState(new JdbcTemplate(shardB.dataSource())))
                        .isEqualTo(Map.of("3/DONE", 1L));
                assertThat(output.getOut()).contains("The database of shard 'b' answers: its tables are migrated");
            });
        }
    }

    @Test
    void aShardOnASecondServerThatStopsStopsOnlyItsTenantsJobs(@TempDir Path folder) {
        EmbeddedMariaDb second = EmbeddedMariaDb.start(folder, null);
        AtomicBoolean stopped = new AtomicBoolean();
        try {
            second.createDatabase("shard_b");
            String url = second.jdbcUrl("shard_b");
            JdbcTemplate b = new JdbcTemplate(new DriverManagerDataSource(url, second.user(), second.password()));
            contexts(
                            url,
                            "jobqueue.shards.b.username=" + second.user(),
                            "jobqueue.shards.b.password=" + second.password())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        JobScheduler scheduler = context.getBean(JobScheduler.class);
                        Work work = context.getBean(Work.class);
                        JdbcTemplate main = new JdbcTemplate(context.getBean(DataSource.class));

                        scheduler.job(WORK, Map.of("key", "one")).tenant(1).schedule();
                        scheduler.job(WORK, Map.of("key", "three")).tenant(3).schedule();
                        await().atMost(Duration.ofSeconds(30))
                                .untilAsserted(() -> assertThat(work.runs).containsOnlyKeys("one", "three"));
                        await().atMost(Duration.ofSeconds(10))
                                .untilAsserted(
                                        () -> assertThat(byTenantAndState(b)).isEqualTo(Map.of("3/DONE", 1L)));
                        assertThat(byTenantAndState(main)).isEqualTo(Map.of("1/DONE", 1L));

                        second.close(); // the second server stops: shard b is down
                        stopped.set(true);

                        assertThatThrownBy(() -> scheduler
                                        .job(WORK, Map.of("key", "lost"))
                                        .tenant(3)
                                        .schedule())
                                .isInstanceOf(ShardUnavailableException.class)
                                .hasMessageStartingWith("The database of shard 'b' (tenant 3) cannot be reached");
                        scheduler.job(WORK, Map.of("key", "still")).tenant(1).schedule();
                        await().atMost(Duration.ofSeconds(30))
                                .untilAsserted(() -> assertThat(work.runs).containsKey("still"));
                        assertThat(byTenantAndState(main)).isEqualTo(Map.of("1/DONE", 2L));
                        assertThat(work.runs).doesNotContainKey("lost");
                    });
        } finally {
            if (!stopped.get()) {
                second.close();
            }
        }
    }

    private static Map<String, Long> byTenantAndState(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT tenant, state FROM " + TABLE).stream()
                .collect(Collectors.groupingBy(
                        row -> row.get("tenant") + "/" + JobState.fromCode(((Number) row.get("state")).intValue()),
                        Collectors.counting()));
    }

    private static List<String> partitions(JdbcTemplate jdbc) {
        return jdbc.queryForList(
                "SELECT partition_name FROM information_schema.partitions WHERE table_schema = DATABASE()"
                        + " AND table_name = ?",
                String.class,
                TABLE);
    }

    private static long count(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class);
        return count == null ? 0 : count;
    }
}
