package dev.jobqueue.persistence.partition;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The connection a round runs on, with the settings a round needs (autocommit, so each count
 * sees the latest commits; the DDL lock wait timeout), restored when the session closes and
 * the connection goes back to its pool. One node at a time runs a round: that is the
 * {@link MaintenanceLease}'s job, not this connection's.
 */
final class MaintenanceSession implements AutoCloseable {

    private static final String SELECT_LOCK_WAIT_TIMEOUT = """
            SELECT @@SESSION.lock_wait_timeout
            """;

    private static final String SET_LOCK_WAIT_TIMEOUT = """
            SET SESSION lock_wait_timeout = ?
            """;

    private static final Logger LOGGER = LoggerFactory.getLogger(MaintenanceSession.class);

    private final Connection connection;
    private final JdbcTemplate jdbc;
    private final boolean autoCommit;
    private @Nullable BigDecimal lockWaitTimeout;

    private MaintenanceSession(Connection connection, JdbcTemplate jdbc) throws SQLException {
        this.connection = connection;
        this.jdbc = jdbc;
        this.autoCommit = connection.getAutoCommit();
    }

    /** Prepares {@code connection} for a round. */
    static MaintenanceSession open(Connection connection, Duration ddlLockWaitTimeout) throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        MaintenanceSession session = new MaintenanceSession(connection, jdbc);
        try {
            session.prepare(ddlLockWaitTimeout);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    private void prepare(Duration ddlLockWaitTimeout) throws SQLException {
        // A round reads counts between DDL statements; each read must see the latest commits.
        connection.setAutoCommit(true);
        lockWaitTimeout = jdbc.queryForObject(SELECT_LOCK_WAIT_TIMEOUT, BigDecimal.class);
        jdbc.update(SET_LOCK_WAIT_TIMEOUT, ddlLockWaitTimeout.toSeconds());
    }

    @Override
    public void close() {
        try {
            if (lockWaitTimeout != null) {
                jdbc.update(SET_LOCK_WAIT_TIMEOUT, lockWaitTimeout);
            }
            connection.setAutoCommit(autoCommit);
        } catch (SQLException | DataAccessException e) {
            LOGGER.warn("Could not restore the settings of the maintenance connection: {}", e.getMessage());
        }
    }
}
