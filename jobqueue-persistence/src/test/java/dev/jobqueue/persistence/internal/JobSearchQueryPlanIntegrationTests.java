package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The searches the dashboard needs read an index range in the order of the page, never sorting
 * the jobs of a tenant and type: the plans are of the statements Hibernate sends for
 * {@link JpaJobReader}, captured as sent, with the values inlined so EXPLAIN can run them.
 */
@ExtendWith(TestDatabaseExtension.class)
class JobSearchQueryPlanIntegrationTests {

    private static final TableName TABLE = TableName.of("searched");
    private static final List<String> SENT = new CopyOnWriteArrayList<>();

    private static EntityManagerFactory factory;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void fillTables(TestSchema schema) {
        JobQueueSchema.migrate(schema.dataSource(), TABLE);
        jdbc = new JdbcTemplate(schema.dataSource());
        JobQueue queue =
                JobQueue.create(schema.dataSource(), JobQueueSettings.defaults().withTable(TABLE));
        Instant start = Instant.parse("2030-01-07T00:00:00Z");
        List<NewJob> backlog = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            NewJob job = NewJob.of(JobType.of(i % 5)).tenant(Tenant.of(i % 3)).runAt(start.plus(i, ChronoUnit.MINUTES));
            backlog.add(i % 10 == 0 ? job.correlationId("order-" + i / 10) : job);
        }
        queue.scheduleAll(backlog);
        jdbc.execute("ANALYZE TABLE searched, searched_data");
        StatementInspector capture = sql -> {
            SENT.add(sql);
            return sql;
        };
        factory = Jpa.entityManagerFactory(
                schema.dataSource(),
                TABLE,
                Map.of(
                        "hibernate.session_factory.statement_inspector",
                        capture,
                        "hibernate.criteria.value_handling_mode",
                        "inline"));
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void tenantTypeAndStateNewestFirstWalksAnIndexInPageOrder() {
        String sql =
                sentFor(JobFilter.all().tenant(Tenant.of(1)).type(JobType.of(2)).state(JobState.SCHEDULED));
        List<Map<String, Object>> plan = explain(sql);

        Map<String, Object> jobs = rowOf(plan, "jobs table", "searched");
        assertThat(jobs.get("key")).as("%s", plan).isIn("claim_index", "job_type_index");
        assertThat(String.valueOf(jobs.get("Extra")))
                .as("%s", plan)
                .doesNotContain("filesort")
                .doesNotContain("temporary");
        assertThat(String.valueOf(rowOf(plan, "data table", "searched_data").get("type")))
                .isEqualTo("eq_ref");
    }

    @Test
    void aCorrelationIdReadsTheCorrelationIndex() {
        String sql = sentFor(JobFilter.all().tenant(Tenant.of(0)).correlationId("order-42"));
        List<Map<String, Object>> plan = explain(sql);

        Map<String, Object> jobs = rowOf(plan, "jobs table", "searched");
        assertThat(jobs.get("key")).as("%s", plan).isEqualTo("correlation_index");
        assertThat(Long.parseLong(String.valueOf(jobs.get("rows"))))
                .as("%s", plan)
                .isLessThan(10);
    }

    @Test
    void aPageAfterTheFirstStartsInTheIndexAtItsCursor() {
        JpaJobReader reader = new JpaJobReader(factory);
        JobFilter filter =
                JobFilter.all().tenant(Tenant.of(1)).type(JobType.of(2)).state(JobState.SCHEDULED);
        JobPageRequest second = reader.search(filter, JobPageRequest.first(50)).next();
        SENT.clear();
        reader.search(filter, second);
        List<Map<String, Object>> plan = explain(SENT.get(0));

        Map<String, Object> jobs = rowOf(plan, "jobs table", "searched");
        assertThat(jobs.get("key")).as("%s", plan).isIn("claim_index", "job_type_index");
        assertThat(String.valueOf(jobs.get("type"))).as("%s", plan).isEqualTo("range");
        assertThat(String.valueOf(jobs.get("Extra"))).as("%s", plan).doesNotContain("filesort");
    }

    @Test
    void aRetryGroupReadsTheRetryGroupIndexOfTheDataTable() {
        String retryGroup = jdbc.queryForObject("SELECT retry_group FROM searched_data LIMIT 1", String.class);
        List<Map<String, Object>> plan = explain(sentFor(JobFilter.all().retryGroup(retryGroup)));

        assertThat(plan).as("%s", plan).anySatisfy(row -> {
            assertThat(row.get("key")).isEqualTo("retry_group_index");
            assertThat(Long.parseLong(String.valueOf(row.get("rows")))).isLessThan(10);
        });
        assertThat(plan)
                .as("%s", plan)
                .allSatisfy(row -> assertThat(row.get("type")).isNotEqualTo("ALL"));
    }

    @Test
    void noFilterWalksThePrimaryKeyBackwardsWithoutSorting() {
        List<Map<String, Object>> plan = explain(sentFor(JobFilter.all()));

        Map<String, Object> jobs = rowOf(plan, "jobs table", "searched");
        assertThat(jobs.get("key")).as("%s", plan).isEqualTo("PRIMARY");
        assertThat(String.valueOf(jobs.get("Extra"))).as("%s", plan).doesNotContain("filesort");
    }

    private static String sentFor(JobFilter filter) {
        SENT.clear();
        new JpaJobReader(factory).search(filter, JobPageRequest.first(50));
        assertThat(SENT).hasSize(1);
        return SENT.get(0);
    }

    /** The limit stays a parameter even with inlined values; it is the page size plus one. */
    private static List<Map<String, Object>> explain(String sql) {
        return jdbc.queryForList("EXPLAIN " + sql.replace("?", "51"));
    }

    /**
     * The row of the jobs table (read first, by the filter) or of the data table (joined to each
     * job by its primary key, the one row EXPLAIN shows as {@code eq_ref}).
     */
    private static Map<String, Object> rowOf(List<Map<String, Object>> plan, String what, String table) {
        assertThat(plan).as("%s", plan).hasSize(2);
        boolean data = table.endsWith("_data");
        Map<String, Object> row = plan.get(data ? 1 : 0);
        assertThat(String.valueOf(row.get("ref")).contains(".id"))
                .as("%s is the %s: %s", row, what, plan)
                .isEqualTo(data);
        return row;
    }
}
