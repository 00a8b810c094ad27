package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The paused job types of a queue, in {@code X_paused}: one row per (type, tenant), tenant -1
 * for every tenant. Pausing twice keeps the first row, so "since" stays the first pause.
 */
final class PausedQueues {

    private static final int EVERY_TENANT = -1;

    private static final String PAUSE = """
            INSERT IGNORE INTO %s (job_type, tenant, paused_by)
            VALUES (?, ?, ?)
            """;
    private static final String RESUME = """
            DELETE FROM %s
            WHERE job_type = ?
              AND tenant = ?
            """;
    private static final String SELECT_ALL = """
            SELECT job_type, tenant, paused_at, paused_by
            FROM %s
            ORDER BY job_type, tenant
            """;

    private final JdbcTemplate jdbc;
    private final String pause;
    private final String resume;
    private final String selectAll;

    PausedQueues(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.pause = PAUSE.formatted(table.paused());
        this.resume = RESUME.formatted(table.paused());
        this.selectAll = SELECT_ALL.formatted(table.paused());
    }

    /** Returns whether the pause is new. */
    boolean pause(JobType type, @Nullable Tenant tenant, String by) {
        return jdbc.update(pause, type.id(), code(tenant), by) == 1;
    }

    /** Returns whether a pause was lifted. */
    boolean resume(JobType type, @Nullable Tenant tenant) {
        return jdbc.update(resume, type.id(), code(tenant)) == 1;
    }

    List<PausedQueue> all() {
        return jdbc.query(selectAll, (rs, n) -> {
            int tenant = rs.getInt("tenant");
            return new PausedQueue(
                    JobType.of(rs.getInt("job_type")),
                    tenant == EVERY_TENANT ? null : Tenant.of(tenant),
                    Sql.requiredInstant(rs, "paused_at"),
                    rs.getString("paused_by"));
        });
    }

    private static int code(@Nullable Tenant tenant) {
        return tenant == null ? EVERY_TENANT : tenant.value();
    }
}
