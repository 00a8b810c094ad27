package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * One connection that holds the queue's maintenance lock for a round. A user-level lock
 * ({@code GET_LOCK}) belongs to the session that took it, so the whole round runs on this one
 * connection, and closing the session releases the lock and restores the connection's
 * settings before it goes back to its pool.
 */
final class MaintenanceSession implements AutoCloseable {

    private static final String SELECT_SCHEMA = """
            SELECT DATABASE()
            """;

    private static final String GET_LOCK = """
            SELECT GET_LOCK(?, 0)
            """;

    private static final String RELEASE_LOCK = """
            SELECT RELEASE_LOCK(?)
            """;

    private static final String SELECT_LOCK_WAIT_TIMEOUT = """
            SELECT @@SESSION.lock_wait_timeout
            """;

    private static final String SET_LOCK_WAIT_TIMEOUT = """
            SET SESSION lock_wait_timeout = ?
            """;

    /** MySQL refuses user-level lock names longer than 64 characters. */
    private static final int MAX_LOCK_NAME = 64;
    private static final String LOCK_PREFIX = "jobqueue.partitions:";
    private static final Logger LOGGER = LoggerFactory.getLogger(MaintenanceSession.class);

    private final Connection connection;
    private final JdbcTemplate jdbc;
    private final String lock;
    private final boolean autoCommit;
    private @Nullable BigDecimal lockWaitTimeout;

    private MaintenanceSession(Connection connection, JdbcTemplate jdbc, String lock) throws SQLException {
        this.connection = connection;
        this.jdbc = jdbc;
        this.lock = lock;
        this.autoCommit = connection.getAutoCommit();
    }

    /**
     * Takes the maintenance lock of {@code table} on {@code connection} without waiting.
     *
     * @return the session, or empty when another session holds the lock
     */
    static Optional<MaintenanceSession> open(Connection connection, TableName table, Duration ddlLockWaitTimeout)
            throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        String lock = lockName(jdbc.queryForObject(SELECT_SCHEMA, String.class), table);
        Integer acquired = jdbc.queryForObject(GET_LOCK, Integer.class, lock);
        if (acquired == null || acquired != 1) {
            return Optional.empty();
        }
        MaintenanceSession session = new MaintenanceSession(connection, jdbc, lock);
        try {
            session.prepare(ddlLockWaitTimeout);
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        return Optional.of(session);
    }

    /**
     * The lock name: one per schema and queue, so queues and schemas never block each other;
     * hashed when it would exceed MySQL's limit.
     */
    static String lockName(@Nullable String schema, TableName table) {
        String name = LOCK_PREFIX + (schema == null ? "" : schema) + "." + table.base();
        if (name.length() <= MAX_LOCK_NAME) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return LOCK_PREFIX + HexFormat.of().formatHex(digest).substring(0, MAX_LOCK_NAME - LOCK_PREFIX.length());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
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
        } finally {
            release();
        }
    }

    private void release() {
        try {
            jdbc.queryForObject(RELEASE_LOCK, Integer.class, lock);
        } catch (DataAccessException e) {
            LOGGER.warn("Could not release the lock {}; the server releases it when the connection closes: {}",
                    lock, e.getMessage());
        }
    }
}
