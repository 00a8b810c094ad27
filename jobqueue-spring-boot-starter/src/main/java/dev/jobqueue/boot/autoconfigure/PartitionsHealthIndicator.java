package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.partition.MaintenanceReport;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The state of partition maintenance: expired partitions kept because they still hold live
 * jobs, rows in the catch-all, failed rounds. Always UP: the catch-all keeps inserts working
 * whatever maintenance does; these details are for an operator to act on.
 */
final class PartitionsHealthIndicator extends AbstractHealthIndicator {

    private final ScheduledPartitionMaintenance maintenance;

    PartitionsHealthIndicator(ScheduledPartitionMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        MaintenanceReport report = maintenance.lastReport();
        builder.up().withDetail("failedRounds", maintenance.failedRounds());
        if (report != null) {
            builder.withDetail("lastRound", report.time().toString())
                    .withDetail("lastOutcome", report.outcome().name())
                    .withDetail("expiredPartitionsKeptLive", report.keptLive().size())
                    .withDetail("liveJobsInExpiredPartitions", report.liveJobsInKeptPartitions())
                    .withDetail("catchAllRows", report.catchAllRows());
        }
    }
}
