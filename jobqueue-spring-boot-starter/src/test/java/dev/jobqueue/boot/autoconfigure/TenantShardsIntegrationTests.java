package dev.jobqueue.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.example.PlainJavaWorkers;
import dev.jobqueue.example.ShardedWorkers;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.JobQueueSettings;
import dev.jobqueue.test.DatabaseServer;
import dev.jobqueue.test.TestDatabase;
import dev.jobqueue.worker.JobWorkers;
import dev.jobqueue.worker.ShardUnavailableException;
import dev.jobqueue.worker.TenantShards;
import dev.jobqueue.worker.TenantShards.Shard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tenants on two databases (issue 20): the schemas {@code jobqueue_shard_a} (tenants 1, 2) and
 * {@code jobqueue_shard_b} (tenant 3) on the test server, shard b reached through a proxy that
 * the test cuts. Jobs land only in their tenant's database and run once; with b unreachable,
 * a's tenants keep running and scheduling into b fails naming the shard and the tenant.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantShardsIntegrationTests {

    private static final String A = "jobqueue_shard_a";
    private static final String B = "jobqueue_shard_b";
    private static final int JOBS_PER_TENANT = 10;

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<JobWorkers> workers = new ArrayList<>();
    private CuttableProxy proxy;

    @BeforeEach
    void createSchemas() {
        for (String schema : List.of(A, B)) {
            TestDatabase.execute("DROP DATABASE IF EXISTS `" + schema + "`");
            TestDatabase.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8mb4");
        }
        proxy = new CuttableProxy(TestDatabase.jdbcUrl(B));
    }

    @AfterEach
    void dropSchemas() {
        workers.forEach(JobWorkers::stop);
        pools.forEach(HikariDataSource::close);
        proxy.close();
        for (String schema : List.of(A, B)) {
            TestDatabase.execute("DROP DATABASE IF EXISTS `" + schema + "`");
        }
    }

    @Test
    void eachTenantRunsInItsOwnDatabaseAndADeadShardStopsOnlyItsTenants(CapturedOutput output) {
        JdbcTemplate a = new JdbcTemplate(pool(TestDatabase.jdbcUrl(A)));
        JdbcTemplate b = new JdbcTemplate(pool(TestDatabase.jdbcUrl(B))); // direct, for the checks
        TenantShards shards = ShardedWorkers.shards(a.getDataSource(), pool(proxy.proxied(TestDatabase.jdbcUrl(B))));
        workers.addAll(ShardedWorkers.startWorkers(shards));

        List<JobId> ids = new ArrayList<>();
        for (int tenant = 1; tenant <= 3; tenant++) {
            for (int i = 0; i < JOBS_PER_TENANT; i++) {
                ids.add(ShardedWorkers.greet(shards, Tenant.of(tenant), "t" + tenant + "-" + i));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> done(a) + done(b) == ids.size());

        assertThat(tenantCounts(a)).isEqualTo(Map.of(1, JOBS_PER_TENANT, 2, JOBS_PER_TENANT));
        assertThat(tenantCounts(b)).isEqualTo(Map.of(3, JOBS_PER_TENANT));
        for (int tenant = 1; tenant <= 3; tenant++) {
            for (int i = 0; i < JOBS_PER_TENANT; i++) {
                assertThat(count(output.getOut(), "Hello, t" + tenant + "-" + i + "$"))
                        .as("runs of t%d-%d", tenant, i)
                        .isEqualTo(1);
            }
        }
        assertThat(shards.details(ids.get(0)).orElseThrow().tenant()).isEqualTo(Tenant.of(1));
        assertThat(shards.details(ids.get(ids.size() - 1)).orElseThrow().tenant())
                .isEqualTo(Tenant.of(3));

        int mark = output.getOut().length();
        proxy.cut();

        JobId stillRuns = ShardedWorkers.greet(shards, Tenant.of(2), "after-cut");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(a, stillRuns) == JobState.DONE.code());
        assertThatThrownBy(() -> ShardedWorkers.greet(shards, Tenant.of(3), "into-the-dead-shard"))
                .isInstanceOfSatisfying(ShardUnavailableException.class, e -> {
                    assertThat(e.shard()).isEqualTo("b");
                    assertThat(e.tenant()).isEqualTo(Tenant.of(3));
                })
                .hasMessageStartingWith("The database of shard 'b' (tenant 3) cannot be reached");
        for (String table : List.of("jobs", "jobs_data")) {
            assertThat(rows(a, table)).as("%s of a", table).isEqualTo(2 * JOBS_PER_TENANT + 1);
            assertThat(rows(b, table)).as("%s of b", table).isEqualTo(JOBS_PER_TENANT);
        }
        assertThat(tenantCounts(a)).containsOnlyKeys(1, 2);
        // Reads by id skip the dead shard when a live one has the job, and name it when none does.
        assertThat(shards.details(stillRuns).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThatThrownBy(() -> shards.details(ids.get(ids.size() - 1)))
                .isInstanceOf(ShardUnavailableException.class)
                .hasMessageStartingWith("The database of shard 'b' cannot be reached");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> output.getOut().substring(mark).contains("Database unreachable"));
        assertThat(count(output.getOut().substring(mark), "Database unreachable \\("))
                .as("b's workers log the outage once")
                .isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("into-the-dead-shard");

        proxy.restore();
        JobId back = await().atMost(Duration.ofSeconds(10))
                .ignoreException(ShardUnavailableException.class)
                .until(() -> ShardedWorkers.greet(shards, Tenant.of(3), "b-is-back"), id -> true);
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(b, back) == JobState.DONE.code());
        assertThat(tenantCounts(b)).isEqualTo(Map.of(3, JOBS_PER_TENANT + 1));
    }

    @Test
    void aNodeStartsWithOneShardDownAndServesTheOthers(CapturedOutput output) {
        proxy.cut();
        JdbcTemplate a = new JdbcTemplate(pool(TestDatabase.jdbcUrl(A)));
        JobQueue deadQueue = JobQueue.create(
                pool(proxy.proxied(TestDatabase.jdbcUrl(B))),
                new JobQueueSettings(TableName.of("jobs"), 3, 10, Clock.systemUTC()));
        TenantShards shards = TenantShards.of(List.of(
                new Shard("a", PlainJavaWorkers.queue(a.getDataSource(), TableName.of("jobs")), Set.of(Tenant.of(1))),
                new Shard("b", deadQueue, Set.of(Tenant.of(3)))));
        workers.addAll(ShardedWorkers.startWorkers(shards));

        JobId id = ShardedWorkers.greet(shards, Tenant.of(1), "while-b-is-down");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(a, id) == JobState.DONE.code());
        assertThatThrownBy(() -> ShardedWorkers.greet(shards, Tenant.of(3), "never"))
                .isInstanceOf(ShardUnavailableException.class)
                .hasMessageStartingWith("The database of shard 'b' (tenant 3) cannot be reached");
        assertThat(workers).allMatch(JobWorkers::isRunning);
        assertThat(count(output.getOut(), "Hello, while-b-is-down$")).isEqualTo(1);
        assertThat(rows(a, "jobs")).isEqualTo(1);
    }

    @Test
    void aTenantNamedByTwoShardsIsRefusedNamingBoth() {
        TenantShards shards =
                ShardedWorkers.shards(pool(TestDatabase.jdbcUrl(A)), pool(proxy.proxied(TestDatabase.jdbcUrl(B))));
        Shard a = shards.shards().get(0);
        Shard b = shards.shards().get(1);
        List<Shard> overlapping = List.of(a, new Shard(b.name(), b.queue(), Set.of(Tenant.of(3), Tenant.of(2))));

        assertThatThrownBy(() -> TenantShards.of(overlapping))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tenant 2 is named by two shards, 'a' and 'b': a tenant lives in one database");
        assertThatThrownBy(() -> shards.queueOf(Tenant.of(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Tenant 4 lives in no shard and there is no default database; shards: [a, b]");
        assertThat(TenantShards.of(List.of(b), a.queue()).shardOf(Tenant.of(4))).isEqualTo(TenantShards.DEFAULT);
    }

    private HikariDataSource pool(String url) {
        DatabaseServer server = TestDatabase.server();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(1000);
        config.setInitializationFailTimeout(-1); // a node starts while a shard is down
        config.setPoolName("shards-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private static int done(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM jobs WHERE state = ?", Integer.class, JobState.DONE.code());
    }

    /** Rows of {@code table} ({@code jobs} or {@code jobs_data}). */
    private static int rows(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    private static Integer stateOf(JdbcTemplate jdbc, JobId id) {
        return jdbc.queryForObject("SELECT state FROM jobs WHERE id = ?", Integer.class, id.value());
    }

    private static Map<Integer, Integer> tenantCounts(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT tenant, COUNT(*) AS n FROM jobs GROUP BY tenant").stream()
                .collect(Collectors.toMap(
                        row -> ((Number) row.get("tenant")).intValue(), row -> ((Number) row.get("n")).intValue()));
    }

    private static long count(String log, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return log.lines().filter(line -> pattern.matcher(line).find()).count();
    }
}
