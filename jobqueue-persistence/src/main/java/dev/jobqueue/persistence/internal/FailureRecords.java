package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.BadSqlGrammarException;
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

    private static final Logger LOGGER = LoggerFactory.getLogger(FailureRecords.class);

    private final JdbcTemplate jdbc;
    private final String table;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final String upsert;
    private final String countCrashes;
    private final String selectByKey;

    FailureRecords(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        String failures = tableOf(table);
        this.table = failures;
        this.upsert = UPSERT.formatted(failures, table.jobsData());
        this.countCrashes = COUNT_CRASHES.formatted(failures, table.jobsData());
        this.selectByKey = SELECT_BY_KEY.formatted(failures);
    }

    /** The name of the failures table of the queue {@code table}. */
    static String tableOf(TableName table) {
        return table.base() + "_failures";
    }

    /**
     * Stores the reason. Without the table (tables whose changelog a DBA has not brought up to
     * date) the failure is still recorded, without its reason: MySQL and MariaDB roll back only
     * the failed statement, not the transaction.
     */
    void record(JobId id, FailureReason reason, Instant at) {
        Object part = Sql.utc(id.part());
        try {
            jdbc.update(
                    upsert,
                    id.value(),
                    part,
                    id.value(),
                    part,
                    reason.kind().code(),
                    reason.exceptionClass(),
                    reason.message(),
                    reason.stackTrace(),
                    reason.node(),
                    Sql.utcMillis(at));
        } catch (BadSqlGrammarException e) {
            warnMissingTable(e);
        }
    }

    /**
     * How many rows of the job's retry group ended because their worker died while running them;
     * 0 without the table.
     */
    int crashesInRetryGroup(JobId id) {
        try {
            Integer count = jdbc.queryForObject(
                    countCrashes, Integer.class, id.value(), Sql.utc(id.part()), JobFailure.Kind.CRASH.code());
            return Objects.requireNonNullElse(count, 0);
        } catch (BadSqlGrammarException e) {
            warnMissingTable(e);
            return 0;
        }
    }

    private void warnMissingTable(BadSqlGrammarException e) {
        if (!warned.getAndSet(true)) {
            LOGGER.warn(
                    "Could not use {} ({}); failures are recorded without their reasons and crashes are not"
                            + " counted until the tables are updated with jobqueue's changelog",
                    table,
                    e.getMessage());
        }
    }

    /** The stored reason; empty without one, and without the table. */
    Optional<JobFailure> find(JobId id) {
        try {
            return select(id);
        } catch (BadSqlGrammarException e) {
            warnMissingTable(e);
            return Optional.empty();
        }
    }

    private Optional<JobFailure> select(JobId id) {
        return jdbc
                .query(
                        selectByKey,
                        (rs, n) -> new JobFailure(
                                JobId.parse(rs.getString("id")),
                                JobFailure.Kind.fromCode(rs.getString("kind")),
                                rs.getString("exception_class"),
                                Objects.requireNonNullElse(rs.getString("message"), ""),
                                Objects.requireNonNullElse(rs.getString("stack_trace"), ""),
                                rs.getString("node"),
                                Objects.requireNonNull(Sql.instant(rs, "failed_at"))),
                        id.value(),
                        Sql.utc(id.part()))
                .stream()
                .findFirst();
    }
}
