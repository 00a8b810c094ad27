package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.lifecycle.JobLifecycle;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The claim reads only the index range it needs, also on a partitioned table with a
 * backlog spread over many weeks: it walks claim_index in id order and never sorts.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClaimQueryPlanIntegrationTests {

    private static final TableName TABLE = TableName.of("planned");

    @Test
    void theClaimWalksClaimIndexWithoutSortingAcrossPartitions(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        Instant start = Instant.parse("2030-01-07T00:00:00Z");
        splitIntoWeeks(jdbc, start, 12);
        JobQueue queue =
                JobQueue.create(schema.dataSource(), JobQueueSettings.defaults().withTable(TABLE));
        List<NewJob> backlog = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            backlog.add(NewJob.of(JobType.of(i % 3))
                    .tenant(Tenant.of(i % 2))
                    .runAt(start.plus(i % (12 * 7), ChronoUnit.DAYS)));
        }
        queue.scheduleAll(backlog);
        jdbc.execute("ANALYZE TABLE planned");

        // The statement the claim sends, not a copy of it: a change of the claim is explained here.
        String claim = new JobClaimer(jdbc, TABLE, JobLifecycle.standard()).selectNextSql();
        assertThat(claim).contains("FROM planned FORCE INDEX (claim_index)").contains("FOR UPDATE SKIP LOCKED");
        List<Map<String, Object>> plan = jdbc.queryForList("EXPLAIN " + claim, 1, 0, 100);

        assertThat(plan).hasSize(1);
        Map<String, Object> row = plan.get(0);
        assertThat(row.get("key")).isEqualTo("claim_index");
        assertThat(String.valueOf(row.get("Extra"))).doesNotContain("filesort").doesNotContain("temporary");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM information_schema.partitions
                WHERE table_schema = DATABASE() AND table_name = 'planned'
                """, Integer.class)).isEqualTo(13);
    }

    @Test
    void updatesOfOneOrManyHeldJobsReadOnlyTheirRows(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TableName.of("keyed"));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        JobQueue queue =
                JobQueue.create(schema.dataSource(), JobQueueSettings.defaults().withTable(TableName.of("keyed")));
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            jobs.add(NewJob.of(JobType.of(1))
                    .runAt(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i)));
        }
        List<dev.jobqueue.domain.JobId> ids = queue.scheduleAll(jobs);
        jdbc.execute("ANALYZE TABLE keyed");

        for (int rows : new int[] {1, 2}) {
            List<Object> args = new ArrayList<>();
            ids.subList(0, rows).forEach(id -> {
                args.add(id.value());
                args.add(Sql.utc(id.part()));
            });
            Map<String, Object> plan = jdbc.queryForList(
                            "EXPLAIN UPDATE keyed SET version = version WHERE " + Sql.keyIn("id, part", rows),
                            args.toArray())
                    .get(0);
            assertThat(String.valueOf(plan.get("type")))
                    .as("plan for %d rows: %s", rows, plan)
                    .isNotIn("ALL", "index");
            assertThat(Long.parseLong(String.valueOf(plan.get("rows")))).isLessThanOrEqualTo(rows * 2L);
        }
    }

    @Test
    void theSeedIndexAloneWouldSortEveryQueuedRow(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TableName.of("seedonly"));
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        List<Map<String, Object>> plan = jdbc.queryForList("""
                EXPLAIN
                SELECT id FROM seedonly FORCE INDEX (job_type_index)
                WHERE job_type = 1 AND state = 1 AND tenant = 0
                ORDER BY id LIMIT 100
                """);

        assertThat(String.valueOf(plan.get(0).get("Extra"))).contains("filesort");
    }

    private static void splitIntoWeeks(JdbcTemplate jdbc, Instant start, int weeks) {
        StringBuilder partitions = new StringBuilder();
        for (int week = 1; week <= weeks; week++) {
            long bound = start.plus(7L * week, ChronoUnit.DAYS).getEpochSecond();
            partitions
                    .append("PARTITION w")
                    .append(week)
                    .append(" VALUES LESS THAN (")
                    .append(bound)
                    .append("), ");
        }
        partitions.append("PARTITION pmax VALUES LESS THAN MAXVALUE");
        jdbc.execute("ALTER TABLE planned REORGANIZE PARTITION pmax INTO (" + partitions + ")");
    }
}
