package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The trace contexts jobs were scheduled in ({@code X_trace_context}, one row per retry group):
 * written with the jobs, read by the runs, deleted when the job ends for good. The headers are
 * opaque text to this class.
 */
final class TraceContexts {

    private static final String INSERT = "INSERT INTO %s (retry_group, part, headers) VALUES %s";
    private static final String SELECT = "SELECT headers FROM %s WHERE retry_group = ?";
    private static final String DELETE = "DELETE FROM %s WHERE retry_group IN (%s)";

    private static final Logger LOGGER = LoggerFactory.getLogger(TraceContexts.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final JdbcTemplate jdbc;
    private final String table;

    TraceContexts(JdbcTemplate jdbc, TableName table) {
        this.jdbc = jdbc;
        this.table = tableOf(table);
    }

    /** The name of the trace context table of the queue {@code table}. */
    static String tableOf(TableName table) {
        return table.base() + "_trace_context";
    }

    /**
     * Stores {@code headers} for each row's retry group, in the caller's transaction. Without the
     * table (tables a DBA has not brought up to date) the jobs are scheduled without it: MySQL and
     * MariaDB roll back only the failed statement.
     */
    void insert(List<JobInserter.Row> rows, String headers) {
        for (int from = 0; from < rows.size(); from += JobInserter.CHUNK) {
            List<JobInserter.Row> chunk = rows.subList(from, Math.min(rows.size(), from + JobInserter.CHUNK));
            List<Object> args = new ArrayList<>(chunk.size() * 3);
            for (JobInserter.Row row : chunk) {
                args.add(row.retryGroup());
                args.add(Sql.utc(row.id().part()));
                args.add(headers);
            }
            try {
                jdbc.update(INSERT.formatted(table, Sql.repeat("(?, ?, ?)", chunk.size())), args.toArray());
            } catch (BadSqlGrammarException e) {
                warnMissingTable(e);
                return;
            }
        }
    }

    Optional<String> find(String retryGroup) {
        try {
            return jdbc.queryForList(SELECT.formatted(table), String.class, retryGroup).stream()
                    .findFirst();
        } catch (BadSqlGrammarException e) {
            warnMissingTable(e);
            return Optional.empty();
        }
    }

    void delete(List<String> retryGroups) {
        for (int from = 0; from < retryGroups.size(); from += JobInserter.CHUNK) {
            List<String> chunk = retryGroups.subList(from, Math.min(retryGroups.size(), from + JobInserter.CHUNK));
            try {
                jdbc.update(DELETE.formatted(table, Sql.repeat("?", chunk.size())), chunk.toArray());
            } catch (BadSqlGrammarException e) {
                warnMissingTable(e);
                return;
            }
        }
    }

    private void warnMissingTable(BadSqlGrammarException e) {
        if (!WARNED.getAndSet(true)) {
            LOGGER.warn(
                    "Could not use {} ({}); jobs are scheduled and run without their trace context until the"
                            + " tables are updated with jobqueue's changelog",
                    table,
                    e.getMessage());
        }
    }
}
