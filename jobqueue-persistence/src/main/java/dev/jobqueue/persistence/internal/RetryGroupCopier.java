package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.TableName;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts the next rows of many retry groups at once: each a copy of an existing row (type,
 * tenant, correlation id, user fields, properties, retry group) with a new id, due at the new
 * id's time, with the executions and attempt number given. Two statements per batch, whatever
 * its size: the rows to copy are a derived table of bound values joined to the source rows.
 */
final class RetryGroupCopier {

    private static final String COPY_DATA = """
            INSERT INTO %1$s (id, tenant, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2, part,
                              retry_group, attempt, has_follow_ups)
            SELECT m.new_id, d.tenant, d.properties, d.string_udf_1, d.string_udf_2, d.int_udf_1, d.int_udf_2,
                   m.new_part, d.retry_group,
                   COALESCE(d.attempt, (SELECT COUNT(*) FROM %1$s g WHERE g.retry_group = d.retry_group
                                                                  AND g.id <= d.id)) + m.attempt_step,
                   d.has_follow_ups
            FROM %1$s d
            JOIN (%%s) m ON d.id = m.old_id AND d.part = m.old_part
            """;
    // The Go library reads a NULL correlation as "no int fields": a copy writes '' as it does.
    private static final String COPY_JOB = """
            INSERT INTO %1$s (id, tenant, correlation_id, job_type, state, sub_state, pending_execution, version,
                              process_at, part)
            SELECT m.new_id, j.tenant, COALESCE(j.correlation_id, ''), j.job_type, %2$d, %3$d, m.pending, 1,
                   m.new_part, m.new_part
            FROM %1$s j
            JOIN (%%s) m ON j.id = m.old_id AND j.part = m.old_part
            """;
    private static final String FIRST_ROW =
            "SELECT ? AS old_id, ? AS old_part, ? AS new_id, ? AS new_part, ? AS pending, ? AS attempt_step";
    private static final String NEXT_ROW = "\n    UNION ALL SELECT ?, ?, ?, ?, ?, ?";

    private final JdbcTemplate jdbc;
    private final String copyData;
    private final String copyJob;

    RetryGroupCopier(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.copyData = COPY_DATA.formatted(table.jobsData());
        this.copyJob =
                COPY_JOB.formatted(table.jobs(), SubState.SCHEDULED.state().code(), SubState.SCHEDULED.code());
    }

    /**
     * One row to insert.
     *
     * @param attemptStep 1 for a retry (the next attempt), 0 for the same run moved in time
     */
    record Copy(JobId from, JobId to, int pendingExecution, int attemptStep) {}

    /** Inserts the copies, data rows first as the seed writes them; returns how many job rows were inserted. */
    int insert(List<Copy> copies) {
        if (copies.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(copies.size() * 6);
        StringBuilder rows = new StringBuilder(FIRST_ROW);
        for (Copy copy : copies) {
            if (!args.isEmpty()) {
                rows.append(NEXT_ROW);
            }
            args.add(copy.from().value());
            args.add(Sql.utc(copy.from().part()));
            args.add(copy.to().value());
            args.add(Sql.utc(copy.to().part()));
            args.add(copy.pendingExecution());
            args.add(copy.attemptStep());
        }
        Object[] values = args.toArray();
        jdbc.update(copyData.formatted(rows), values);
        return jdbc.update(copyJob.formatted(rows), values);
    }
}
