package dev.jobqueue.persistence.partition;

import java.time.Instant;
import java.util.List;

/**
 * What one {@link PartitionMaintainer#maintain()} round did.
 *
 * @param outcome whether the round ran or was skipped because another node held the lock
 * @param time the clock's time at the start of the round
 * @param created partitions added, on either table (a catch-all added to a table that had none
 *     is listed with {@link Instant#MAX} as its end)
 * @param dropped partitions dropped, on either table
 * @param keptLive partitions of the jobs table that were due for dropping but still hold
 *     scheduled or processing jobs, so they and their {@code X_data} twins were kept
 * @param catchAllRows rows of the jobs table in its catch-all after the round: jobs due after
 *     the horizon, which the next splits move
 * @since 0.1.0
 */
public record MaintenanceReport(
        Outcome outcome,
        Instant time,
        List<PartitionRange> created,
        List<PartitionRange> dropped,
        List<LivePartition> keptLive,
        long catchAllRows) {

    /**
     * Whether a round ran.
     *
     * @since 0.1.0
     */
    public enum Outcome {
        /** The round ran to the end on this node. */
        COMPLETED,
        /** Another node held the maintenance lock, so this node did nothing. */
        SKIPPED
    }

    public MaintenanceReport {
        created = List.copyOf(created);
        dropped = List.copyOf(dropped);
        keptLive = List.copyOf(keptLive);
    }

    static MaintenanceReport skipped(Instant time) {
        return new MaintenanceReport(Outcome.SKIPPED, time, List.of(), List.of(), List.of(), 0);
    }

    /** Whether another node held the lock, so this round did nothing. */
    public boolean isSkipped() {
        return outcome == Outcome.SKIPPED;
    }

    /** How many scheduled or processing jobs kept their partitions from being dropped. */
    public long liveJobsInKeptPartitions() {
        return keptLive.stream().mapToLong(LivePartition::liveJobs).sum();
    }
}
