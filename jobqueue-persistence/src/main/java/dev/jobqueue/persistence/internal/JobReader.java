package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads jobs: both rows by id, and the searches applications make. */
final class JobReader {

    private static final String SELECT = """
            SELECT j.id, j.part, j.tenant, j.correlation_id, j.job_type, j.state, j.sub_state, j.pending_execution,
                   j.version, j.process_at, j.lease_expires_at, j.created_at, j.updated_at,
                   d.properties, d.string_udf_1, d.string_udf_2, d.int_udf_1, d.int_udf_2, d.retry_group, d.attempt
            FROM %s j
            LEFT JOIN %s d ON d.id = j.id AND d.part = j.part
            """;
    private static final String BY_KEY = """
            WHERE j.id = ?
              AND j.part = ?
            """;
    private static final String BY_CORRELATION = """
            WHERE j.correlation_id = ?
              AND j.tenant = ?
            ORDER BY j.id
            """;
    private static final String BY_RETRY_GROUP = """
            WHERE d.retry_group = ?
            ORDER BY j.id
            """;
    private static final String COUNT_BY_STATE = """
            SELECT state, COUNT(*) AS jobs
            FROM %s
            WHERE job_type = ?
              AND tenant = ?
            GROUP BY state
            """;

    // Scheduled and processing only: a range of claim_index however many finished jobs are kept.
    private static final String COUNT_UNFINISHED = """
            SELECT state, COUNT(*) AS jobs
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ?
              AND state IN (%d, %d)
              AND tenant = ?
            GROUP BY state
            """;

    private final JdbcTemplate jdbc;
    private final String select;
    private final String countByState;
    private final String countUnfinished;

    JobReader(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.select = SELECT.formatted(table.jobs(), table.jobsData());
        this.countByState = COUNT_BY_STATE.formatted(table.jobs());
        this.countUnfinished =
                COUNT_UNFINISHED.formatted(table.jobs(), JobState.SCHEDULED.code(), JobState.PROCESSING.code());
    }

    Optional<JobDetails> details(JobId id) {
        return jdbc.query(select + BY_KEY, JobReader::details, id.value(), Sql.utc(id.part())).stream()
                .findFirst();
    }

    List<JobDetails> byCorrelation(Tenant tenant, String correlationId) {
        return jdbc.query(select + BY_CORRELATION, JobReader::details, correlationId, tenant.value());
    }

    List<JobDetails> byRetryGroup(String retryGroup) {
        return jdbc.query(select + BY_RETRY_GROUP, JobReader::details, retryGroup);
    }

    /** Jobs whose user fields equal every non-null field of {@code query}, oldest first. */
    List<JobDetails> byUserFields(UserFields query, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        addCondition(where, args, "d.string_udf_1", query.string1());
        addCondition(where, args, "d.string_udf_2", query.string2());
        addCondition(where, args, "d.int_udf_1", query.int1());
        addCondition(where, args, "d.int_udf_2", query.int2());
        if (args.isEmpty()) {
            throw new IllegalArgumentException("Give at least one user field to search by");
        }
        args.add(limit);
        return jdbc.query(select + where + "\nORDER BY j.id\nLIMIT ?", JobReader::details, args.toArray());
    }

    Map<JobState, Long> countByState(Tenant tenant, JobType type) {
        return count(countByState, EnumSet.allOf(JobState.class), tenant, type);
    }

    Map<JobState, Long> countUnfinished(Tenant tenant, JobType type) {
        return count(countUnfinished, EnumSet.of(JobState.SCHEDULED, JobState.PROCESSING), tenant, type);
    }

    private Map<JobState, Long> count(String sql, Set<JobState> states, Tenant tenant, JobType type) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : states) {
            counts.put(state, 0L);
        }
        jdbc.query(
                sql,
                rs -> {
                    counts.put(JobState.fromCode(rs.getInt("state")), rs.getLong("jobs"));
                },
                type.id(),
                tenant.value());
        return counts;
    }

    private static void addCondition(StringBuilder where, List<Object> args, String column, @Nullable Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static JobDetails details(ResultSet rs, int row) throws SQLException {
        return new JobDetails(
                JobId.parse(rs.getString("id")),
                Sql.requiredInstant(rs, "part"),
                Tenant.of(rs.getInt("tenant")),
                JobType.of(rs.getInt("job_type")),
                CorrelationIds.orNull(rs.getString("correlation_id")),
                JobState.fromCode(rs.getInt("state")),
                rs.getInt("sub_state"),
                rs.getInt("pending_execution"),
                rs.getInt("version"),
                Sql.requiredInstant(rs, "process_at"),
                Sql.instant(rs, "lease_expires_at"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                Payloads.stored(rs.getString("properties")),
                new UserFields(
                        rs.getString("string_udf_1"),
                        rs.getString("string_udf_2"),
                        Sql.integer(rs, "int_udf_1"),
                        Sql.integer(rs, "int_udf_2")),
                rs.getString("retry_group"),
                Sql.integer(rs, "attempt"));
    }
}
