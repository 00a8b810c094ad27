package dev.jobqueue.boot.autoconfigure;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * jobqueue's own pool of connections, opened with the settings of the application's HikariCP
 * datasource but at READ COMMITTED with auto-commit off: the queue's own transactions then
 * send no statement to set them up and none to reset them. Absent (the queue uses the
 * application's datasource) when {@code jobqueue.pool.dedicated} is false or the application's
 * datasource is not HikariCP.
 *
 * @since 0.1.0
 */
public final class JobQueueConnections implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(JobQueueConnections.class);
    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    private final @Nullable DataSource pool;

    private JobQueueConnections(@Nullable DataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool as {@code settings} say, from the application's {@code dataSource}. */
    static JobQueueConnections open(DataSource dataSource, JobQueueProperties.Pool settings) {
        if (!settings.isDedicated()) {
            return new JobQueueConnections(null);
        }
        if (!ClassUtils.isPresent(HIKARI, JobQueueConnections.class.getClassLoader()) || !isHikari(dataSource)) {
            LOGGER.info("The application's datasource is not HikariCP: jobqueue shares it "
                    + "(its transactions set READ COMMITTED and auto-commit and reset them)");
            return new JobQueueConnections(null);
        }
        return new JobQueueConnections(HikariPools.readCommittedCopy(dataSource, settings.getMaximumSize()));
    }

    /** The pool, or null when the queue uses the application's datasource. */
    public @Nullable DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() throws Exception {
        if (pool instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static boolean isHikari(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(ClassUtils.forName(HIKARI, JobQueueConnections.class.getClassLoader()));
        } catch (SQLException | ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so that HikariCP's classes load only when HikariCP is present. */
    private static final class HikariPools {

        static DataSource readCommittedCopy(DataSource dataSource, int maximumSize) {
            try {
                com.zaxxer.hikari.HikariDataSource application =
                        dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
                // Started on first use, like the application's pool: a database that is down at
                // startup fails the first claim, which the workers retry, not the context.
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource();
                application.copyStateTo(pool);
                pool.setPoolName("jobqueue");
                pool.setMaximumPoolSize(maximumSize);
                pool.setMinimumIdle(Math.min(2, maximumSize));
                pool.setAutoCommit(false);
                pool.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
                return pool;
            } catch (SQLException e) {
                throw new IllegalStateException("Could not open jobqueue's connection pool", e);
            }
        }
    }
}
