package dev.jobqueue.worker;

import dev.jobqueue.internal.Redaction;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Logs a database outage once when it starts and once when it ends, with how many operations
 * failed meanwhile, instead of a stack trace per failed claim, heartbeat and recovery of every
 * type and tenant. Errors that do not mean "database unreachable" are left to the caller.
 * Shared by all workers of a node; thread-safe.
 */
final class OutageLog {

    private static final Logger LOGGER = LoggerFactory.getLogger(OutageLog.class);

    private final Object lock = new Object();
    private final AtomicLong failures = new AtomicLong();
    private long startedNanos;
    private volatile boolean down;
    private volatile boolean stopped;

    /**
     * Whether {@code failure} says the database cannot be reached: no connection, a connection lost
     * (SQLSTATE class 08), or a commit or rollback that failed.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // why (issue #14): a commit or rollback fails when the connection is gone
            if (t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException
                    || isConnectionState(t)) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08: connection exception (the driver lost or could not open the connection). */
    private static boolean isConnectionState(Throwable t) {
        return t instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("08");
    }

    /**
     * Counts a failed operation; logs the start of an outage for the first. Returns false, and logs
     * nothing, when the failure is not an outage: the caller logs it.
     */
    boolean failed(String operation, Throwable failure) {
        if (stopped) {
            // why: a maintenance task still in flight when the workers stopped fails on closed pools
            LOGGER.debug("{} failed after the workers stopped: {}", operation, Redaction.describe(failure));
            return true;
        }
        if (!isOutage(failure)) {
            return false;
        }
        failures.incrementAndGet();
        synchronized (lock) {
            if (!down) {
                down = true;
                startedNanos = System.nanoTime();
                LOGGER.warn(
                        "Database unreachable ({} failed: {}); claims, heartbeats and lease recovery keep"
                                + " trying quietly and a line follows when it answers again",
                        operation,
                        Redaction.describe(failure));
            }
        }
        return true;
    }

    /** An operation succeeded: logs the end of an outage, with its length and the failures it caused. */
    void succeeded() {
        if (!down) {
            return;
        }
        synchronized (lock) {
            if (down) {
                down = false;
                Duration lasted = Duration.ofNanos(System.nanoTime() - startedNanos);
                LOGGER.info(
                        "Database reachable again after {}; {} claims, heartbeats and recoveries failed meanwhile",
                        lasted.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        failures.getAndSet(0));
            }
        }
    }

    boolean isDown() {
        return down;
    }

    /** The workers started: failures are counted and logged. */
    void start() {
        stopped = false;
    }

    /** The workers stopped: what still fails is shutdown noise, logged at DEBUG only. */
    void stop() {
        stopped = true;
    }
}
