package dev.jobqueue.persistence;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.TableName;
import java.time.Clock;

/**
 * How a {@link JobQueue} works with its tables.
 *
 * @param table base name of the tables
 * @param defaultExecutions executions of a job that names none (1..255)
 * @param lockRetries how often an operation that lost a deadlock or timed out waiting for a
 *     lock is retried before the error reaches the caller (0..100)
 * @param clock the time of "now": due checks, leases, retries
 * @since 0.1.0
 */
public record JobQueueSettings(TableName table, int defaultExecutions, int lockRetries, Clock clock) {

    public JobQueueSettings {
        if (defaultExecutions < 1 || defaultExecutions > 255) {
            throw InvalidJobInputException.outOfRange("defaultExecutions", 1, 255, defaultExecutions);
        }
        if (lockRetries < 0 || lockRetries > 100) {
            throw InvalidJobInputException.outOfRange("lockRetries", 0, 100, lockRetries);
        }
    }

    /** Tables {@code jobs} and {@code jobs_data}, 3 executions as the seed's DDL default, 10 lock retries. */
    public static JobQueueSettings defaults() {
        return new JobQueueSettings(TableName.DEFAULT, 3, 10, Clock.systemUTC());
    }

    public JobQueueSettings withTable(TableName table) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock);
    }

    public JobQueueSettings withDefaultExecutions(int executions) {
        return new JobQueueSettings(table, executions, lockRetries, clock);
    }

    public JobQueueSettings withClock(Clock clock) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock);
    }

    public JobQueueSettings withLockRetries(int lockRetries) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock);
    }
}
