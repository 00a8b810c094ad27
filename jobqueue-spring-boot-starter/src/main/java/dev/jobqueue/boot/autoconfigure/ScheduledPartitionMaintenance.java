package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.internal.DaemonScheduler;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.persistence.partition.MaintenanceReport;
import dev.jobqueue.persistence.partition.PartitionMaintainer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a partition maintenance round at startup, before the workers start, and then on an
 * interval. A failed round is logged and tried again at the next interval: the catch-all
 * partition keeps inserts working meanwhile.
 *
 * @since 0.1.0
 */
public final class ScheduledPartitionMaintenance implements SmartLifecycle {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScheduledPartitionMaintenance.class);

    private final PartitionMaintainer maintainer;
    private final Duration interval;
    private @Nullable DaemonScheduler scheduler;
    private volatile @Nullable MaintenanceReport lastReport;
    private volatile int failedRounds;

    ScheduledPartitionMaintenance(PartitionMaintainer maintainer, Duration interval) {
        this.maintainer = maintainer;
        this.interval = interval;
    }

    /** The report of the last round that completed or skipped, if any. */
    public @Nullable MaintenanceReport lastReport() {
        return lastReport;
    }

    /** Rounds that failed since startup. */
    public int failedRounds() {
        return failedRounds;
    }

    /** Runs one round now. */
    public void runRound() {
        try {
            MaintenanceReport report = maintainer.maintain();
            lastReport = report;
            if (!report.keptLive().isEmpty()) {
                LOGGER.warn(
                        "Partition maintenance of {} kept {} expired partitions that still hold {} live jobs",
                        maintainer.table().jobs(),
                        report.keptLive().size(),
                        report.liveJobsInKeptPartitions());
            }
        } catch (RuntimeException e) {
            failedRounds++;
            LOGGER.warn(
                    "Partition maintenance of {} failed; trying again in {}: {}",
                    maintainer.table().jobs(),
                    interval,
                    Redaction.describe(e));
        }
    }

    @Override
    public synchronized void start() {
        runRound();
        DaemonScheduler rounds = DaemonScheduler.named("jobqueue-partitions");
        rounds.repeat(interval, interval, this::runRound);
        scheduler = rounds;
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Before the workers, so that a fresh node has its partitions before it claims. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
