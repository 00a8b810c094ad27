package dev.jobqueue.persistence.partition;

import java.time.Duration;

/**
 * How far ahead {@link PartitionMaintainer} creates weekly partitions and how long it keeps
 * the ones that ended.
 *
 * @param horizon partitions exist for every ISO week from the current one to the week that
 *     contains now + horizon; between 0 and 520 weeks (MySQL allows 8192 partitions a table)
 * @param retention a partition is dropped once its range ended more than this long ago and it
 *     holds no scheduled or processing job; zero or more
 * @param ddlLockWaitTimeout how long an {@code ALTER TABLE} waits for the table's metadata lock
 *     before the round fails; queries on the table queue behind a waiting {@code ALTER}, so this
 *     bounds how long maintenance can stall the queue; between 1 second and 1 hour
 * @param dropAdopted whether partitions that jobqueue did not create (those of a Go deployment
 *     whose tables it adopted, named otherwise than jobqueue's {@code pYYYYwWW} and
 *     {@code pmax}) are dropped after the retention like jobqueue's own; false keeps them and
 *     the Go side's history in them, whatever the retention
 * @since 0.1.0
 */
public record PartitionSettings(
        Duration horizon, Duration retention, Duration ddlLockWaitTimeout, boolean dropAdopted) {

    /** Default horizon: 8 weeks. */
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(8 * 7);

    /**
     * Default retention: 4 weeks. A finished job stays between 4 and 5 weeks (its week must end
     * first), long enough to investigate an incident or answer "what happened to order 42" a
     * month later; unfinished jobs are protected whatever the retention, so a shorter one only
     * loses history, and a longer one only costs disk.
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(4 * 7);

    /** Default wait for the metadata lock of an {@code ALTER TABLE}: 5 seconds. */
    public static final Duration DEFAULT_DDL_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration MAX_HORIZON = Duration.ofDays(520 * 7);
    private static final Duration MAX_DDL_LOCK_WAIT_TIMEOUT = Duration.ofHours(1);

    /** Settings that keep adopted partitions. */
    public PartitionSettings(Duration horizon, Duration retention, Duration ddlLockWaitTimeout) {
        this(horizon, retention, ddlLockWaitTimeout, false);
    }

    public PartitionSettings {
        requireBetween("horizon", horizon, Duration.ZERO, MAX_HORIZON);
        requireBetween("retention", retention, Duration.ZERO, Duration.ofDays(365 * 100));
        requireBetween("ddlLockWaitTimeout", ddlLockWaitTimeout, Duration.ofSeconds(1), MAX_DDL_LOCK_WAIT_TIMEOUT);
    }

    /** The defaults: 8 weeks ahead, 4 weeks of retention, 5 seconds of DDL lock wait, adopted partitions kept. */
    public static PartitionSettings defaults() {
        return new PartitionSettings(DEFAULT_HORIZON, DEFAULT_RETENTION, DEFAULT_DDL_LOCK_WAIT_TIMEOUT);
    }

    public PartitionSettings withHorizon(Duration horizon) {
        return new PartitionSettings(horizon, retention, ddlLockWaitTimeout, dropAdopted);
    }

    public PartitionSettings withRetention(Duration retention) {
        return new PartitionSettings(horizon, retention, ddlLockWaitTimeout, dropAdopted);
    }

    public PartitionSettings withDdlLockWaitTimeout(Duration ddlLockWaitTimeout) {
        return new PartitionSettings(horizon, retention, ddlLockWaitTimeout, dropAdopted);
    }

    public PartitionSettings withDropAdopted(boolean dropAdopted) {
        return new PartitionSettings(horizon, retention, ddlLockWaitTimeout, dropAdopted);
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was " + value);
        }
    }
}
