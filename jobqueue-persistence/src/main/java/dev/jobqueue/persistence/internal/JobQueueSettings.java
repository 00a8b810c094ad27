package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.TableName;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a {@link JobQueue} works with its tables.
 *
 * @param table base name of the tables
 * @param defaultExecutions executions of a job that names none (1..255)
 * @param lockRetries how often an operation that lost a deadlock or timed out waiting for a
 *     lock is retried before the error reaches the caller (0..100)
 * @param clock the time of "now": due checks, leases, retries
 * @param correlationScopes which scheduled jobs a successful job of each type completes because
 *     they share its correlation id; {@link CorrelationScope#NONE} for a type unless it opted in
 */
public record JobQueueSettings(
        TableName table,
        int defaultExecutions,
        int lockRetries,
        Clock clock,
        Function<JobType, CorrelationScope> correlationScopes) {

    /** No job type completes correlated jobs. */
    private static final Function<JobType, CorrelationScope> NO_CORRELATION = type -> CorrelationScope.NONE;

    /** Settings in which no job type completes correlated jobs. */
    public JobQueueSettings(TableName table, int defaultExecutions, int lockRetries, Clock clock) {
        this(table, defaultExecutions, lockRetries, clock, NO_CORRELATION);
    }

    public JobQueueSettings {
        Objects.requireNonNull(correlationScopes, "correlationScopes");
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
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock, correlationScopes);
    }

    public JobQueueSettings withDefaultExecutions(int executions) {
        return new JobQueueSettings(table, executions, lockRetries, clock, correlationScopes);
    }

    public JobQueueSettings withClock(Clock clock) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock, correlationScopes);
    }

    public JobQueueSettings withLockRetries(int lockRetries) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock, correlationScopes);
    }

    /** These settings with the correlation scope of every type given by {@code scopes}. */
    public JobQueueSettings withCorrelationScopes(Function<JobType, CorrelationScope> scopes) {
        return new JobQueueSettings(table, defaultExecutions, lockRetries, clock, scopes);
    }

    /** These settings with {@code type} completing its correlated jobs within {@code scope}. */
    public JobQueueSettings withCorrelationScope(JobType type, CorrelationScope scope) {
        Function<JobType, CorrelationScope> others = correlationScopes;
        return withCorrelationScopes(t -> t.equals(type) ? scope : others.apply(t));
    }
}
