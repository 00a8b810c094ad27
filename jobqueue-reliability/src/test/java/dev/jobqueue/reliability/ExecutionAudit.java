package dev.jobqueue.reliability;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code executions} table: one row per handler start, written in a transaction of its
 * own (auto-commit) before the handler works, so the checker sees even the runs of a worker
 * that was killed afterwards. It is not part of jobqueue's schema.
 */
final class ExecutionAudit {

    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS executions (
              seq BIGINT AUTO_INCREMENT PRIMARY KEY,
              job_id CHAR(26) NOT NULL,
              attempt INT NOT NULL,
              worker VARCHAR(64) NOT NULL,
              pid BIGINT NOT NULL,
              started_at DATETIME(6) NOT NULL,
              KEY executions_job (job_id)
            )
            """;

    private static final String INSERT_EXECUTION = """
            INSERT INTO executions (job_id, attempt, worker, pid, started_at)
            VALUES (?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final String worker;
    private final long pid = ProcessHandle.current().pid();

    ExecutionAudit(DataSource dataSource, String worker) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.worker = worker;
    }

    static void createTable(DataSource dataSource) {
        new JdbcTemplate(dataSource).execute(CREATE_TABLE);
    }

    void started(String jobId, int attempt) {
        jdbc.update(INSERT_EXECUTION, jobId, attempt, worker, pid, utc(Instant.now()));
    }

    /** UTC wall-clock text, as jobqueue writes its own times. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
