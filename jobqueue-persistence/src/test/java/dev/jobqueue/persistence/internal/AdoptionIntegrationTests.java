package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/** A database the Go library already uses: the changelog adopts its tables without touching their rows. */
@ExtendWith(TestDatabaseExtension.class)
class AdoptionIntegrationTests {

    private static final TableName TABLE = TableName.of("jobs");

    @Test
    void theChangelogAdoptsTheSeedTablesAndKeepsTheirRows(TestSchema schema) {
        SeedSchema.create(schema.dataSource(), TABLE);
        JdbcTemplate jdbc = new JdbcTemplate(schema.dataSource());
        String goId = JobId.lowerBound(Instant.parse("2023-09-12T10:00:00Z").toEpochMilli());
        jdbc.update("""
                INSERT INTO jobs_data (id, tenant, properties, part, retry_group)
                VALUES (?, 1, '{"go":true}', '2023-09-12 10:00:00', 'group-1')
                """, goId);
        jdbc.update("""
                INSERT INTO jobs (id, tenant, job_type, state, sub_state, pending_execution, version, process_at, part)
                VALUES (?, 1, 0, 1, 10, 3, 1, '2023-09-12 10:00:00', '2023-09-12 10:00:00')
                """, goId);
        List<Map<String, Object>> rowsBefore = jdbc.queryForList("SELECT * FROM jobs");

        JobQueueSchema.migrate(schema.dataSource(), TABLE);

        assertThat(jdbc.queryForList("SELECT id, tenant, correlation_id, job_type, state, sub_state, "
                        + "pending_execution, version, process_at, part, created_at, updated_at FROM jobs"))
                .isEqualTo(rowsBefore);
        assertThat(jdbc.queryForList("""
                SELECT partition_name FROM information_schema.partitions
                WHERE table_schema = DATABASE() AND table_name = 'jobs' ORDER BY partition_ordinal_position
                """, String.class))
                .startsWith("p202309_week1")
                .endsWith("p202310_week3", "pmax");
        // Changeset 0017 redefines the seed's job_type_index on the adopted, partitioned table;
        // the Go library's poll (MIN(id) by tenant, state and type) still finds its row.
        assertThat(jdbc.queryForObject("""
                        SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
                        WHERE table_schema = DATABASE() AND table_name = 'jobs' AND index_name = 'job_type_index'
                        """, String.class)).isEqualTo("job_type,state,tenant,process_at");
        assertThat(jdbc.queryForObject(
                        "select MIN(id) from jobs where tenant=? AND state=? AND job_type=?  for update SKIP LOCKED",
                        String.class,
                        1,
                        1,
                        0))
                .isEqualTo(goId);

        JobQueue queue = JobQueue.create(schema.dataSource(), JobQueueSettings.defaults());
        JobId later = queue.schedule(
                NewJob.of(JobType.of(0)).tenant(Tenant.of(1)).runAt(Instant.parse("2031-01-01T00:00:00Z")));
        assertThat(queue.details(later)).isPresent();
        assertThat(queue.details(JobId.parse(goId)).orElseThrow().properties()).isEqualTo("{\"go\":true}");

        EntityManagerFactory validated = Jpa.entityManagerFactory(schema.dataSource(), TABLE);
        validated.close();
    }
}
