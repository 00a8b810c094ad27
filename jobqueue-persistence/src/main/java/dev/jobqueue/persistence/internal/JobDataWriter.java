package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes a job's data row, and locks a job's row to apply an event to it. */
final class JobDataWriter {

    private static final String UPDATE_DATA = """
            UPDATE %s
            SET properties = ?, string_udf_1 = ?, string_udf_2 = ?, int_udf_1 = ?, int_udf_2 = ?
            WHERE id = ?
              AND part = ?
            """;
    private static final String LOCK_CURRENT = """
            SELECT tenant, job_type, correlation_id, state, sub_state, pending_execution, version
            FROM %s
            WHERE id = ?
              AND part = ?
            FOR UPDATE
            """;

    private final JdbcTemplate jdbc;
    private final String updateData;
    private final String lockCurrent;

    JobDataWriter(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.updateData = UPDATE_DATA.formatted(table.jobsData());
        this.lockCurrent = LOCK_CURRENT.formatted(table.jobs());
    }

    int update(JobId id, @Nullable String properties, UserFields fields) {
        return jdbc.update(
                updateData,
                properties,
                fields.string1(),
                fields.string2(),
                fields.int1(),
                fields.int2(),
                id.value(),
                Sql.utc(id.part()));
    }

    Optional<JobTransitions.Current> lockCurrent(JobId id) {
        return jdbc
                .query(
                        lockCurrent,
                        (rs, n) -> new JobTransitions.Current(
                                id,
                                Tenant.of(rs.getInt("tenant")),
                                JobType.of(rs.getInt("job_type")),
                                rs.getString("correlation_id"),
                                rs.getInt("state"),
                                rs.getInt("sub_state"),
                                rs.getInt("pending_execution"),
                                rs.getInt("version")),
                        id.value(),
                        Sql.utc(id.part()))
                .stream()
                .findFirst();
    }
}
