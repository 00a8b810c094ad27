package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The failure reasons of a queue ({@code X_failures}, one row per failed job row), written in the
 * transaction that records the failure.
 */
final class FailureRecords {

    private static final String UPSERT = """
            INSERT INTO %1$s (id, part, retry_group, kind, exception_class, message, stack_trace, node, failed_at)
            SELECT ?, ?, COALESCE((SELECT d.retry_group FROM %2$s d WHERE d.id = ? AND d.part = ?), ''),
                   ?, ?, ?, ?, ?, ?
            ON DUPLICATE KEY UPDATE kind = VALUES(kind), exception_class = VALUES(exception_class),
                                    message = VALUES(message), stack_trace = VALUES(stack_trace),
                                    node = VALUES(node), failed_at = VALUES(failed_at)
            """;
    private static final String COUNT_CRASHES = """
            SELECT COUNT(*)
            FROM %1$s f
            WHERE f.retry_group = (SELECT d.retry_group FROM %2$s d WHERE d.id = ? AND d.part = ?)
              AND f.retry_group <> ''
              AND f.kind = ?
            """;
    private static final String SELECT_BY_KEY = """
            SELECT id, kind, exception_class, message, stack_trace, node, failed_at
            FROM %s
            WHERE id = ?
              AND part = ?
            """;

    private final JdbcTemplate jdbc;
    private final String upsert;
    private final String countCrashes;
    private final String selectByKey;

    FailureRecords(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        String failures = tableOf(table);
        this.upsert = UPSERT.formatted(failures, table.jobsData());
        this.countCrashes = COUNT_CRASHES.formatted(failures, table.jobsData());
        this.selectByKey = SELECT_BY_KEY.formatted(failures);
    }

    /** The name of the failures table of the queue {@code table}. */
    static String tableOf(TableName table) {
        return table.base() + "_failures";
    }

    void record(JobId id, FailureReason reason, Instant at) {
        Object part = Sql.utc(id.part());
        jdbc.update(upsert, id.value(), part, id.value(), part, reason.kind().code(), reason.exceptionClass(),
                reason.message(), reason.stackTrace(), reason.node(), Sql.utcMillis(at));
    }

    /** How many rows of the job's retry group ended because their worker died while running them. */
    int crashesInRetryGroup(JobId id) {
        Integer count = jdbc.queryForObject(countCrashes, Integer.class, id.value(), Sql.utc(id.part()),
                JobFailure.Kind.CRASH.code());
        return Objects.requireNonNullElse(count, 0);
    }

    Optional<JobFailure> find(JobId id) {
        return jdbc.query(selectByKey, (rs, n) -> new JobFailure(JobId.parse(rs.getString("id")),
                JobFailure.Kind.fromCode(rs.getString("kind")), rs.getString("exception_class"),
                Objects.requireNonNullElse(rs.getString("message"), ""),
                Objects.requireNonNullElse(rs.getString("stack_trace"), ""), rs.getString("node"),
                Objects.requireNonNull(Sql.instant(rs, "failed_at"))), id.value(), Sql.utc(id.part()))
                .stream().findFirst();
    }
}
