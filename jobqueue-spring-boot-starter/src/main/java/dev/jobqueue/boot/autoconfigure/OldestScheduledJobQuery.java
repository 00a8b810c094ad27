package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds the oldest scheduled job of a queue. Ids sort by due time, so the smallest id is the
 * job that has waited longest; {@code claim_index} (job_type, state, tenant, id) answers it
 * from the index alone.
 */
final class OldestScheduledJobQuery {

    private static final String OLDEST_SCHEDULED_ID = """
            SELECT MIN(id)
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state = ?
              AND tenant = ?
            """;

    private final JdbcTemplate jdbc;
    private final String oldestScheduledId;

    OldestScheduledJobQuery(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.oldestScheduledId = OLDEST_SCHEDULED_ID.formatted(table.jobs());
    }

    Optional<JobId> oldestScheduled(Tenant tenant, JobType type) {
        String id = jdbc.queryForObject(
                oldestScheduledId, String.class, type.id(), JobState.SCHEDULED.code(), tenant.value());
        return Optional.ofNullable(id).map(JobId::parse);
    }
}
