package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.MaintenanceReport.Outcome;
import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import dev.jobqueue.persistence.partition.PartitionPlan.Drop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/** One round of maintenance, run while this node holds the lease: create, then drop. */
final class MaintenanceRound {

    private static final Logger LOGGER = LoggerFactory.getLogger(MaintenanceRound.class);
    private static final String LOCK_TABLES = "LOCK TABLES %s WRITE, %s WRITE";
    private static final String UNLOCK_TABLES = "UNLOCK TABLES";

    private final TableName table;
    private final PartitionSettings settings;
    private final PartitionDropHook hook;
    private final PartitionCatalog catalog;
    private final PartitionDdl ddl;
    private final FinishedBatches finishedBatches;
    private final String lockTables;

    MaintenanceRound(TableName table, PartitionSettings settings, PartitionDropHook hook) {
        this.table = table;
        this.settings = settings;
        this.hook = hook;
        this.catalog = new PartitionCatalog(table);
        this.ddl = new PartitionDdl(table);
        this.finishedBatches = new FinishedBatches(table);
        this.lockTables = LOCK_TABLES.formatted(PartitionDdl.quote(table.jobs()), PartitionDdl.quote(table.jobsData()));
    }

    /**
     * @param leaseHeld throws when the lease was lost; called before each DDL statement and hook
     */
    MaintenanceReport run(JdbcTemplate jdbc, Instant now, Runnable leaseHeld) {
        List<PartitionSplit> splits = split(jdbc, now, leaseHeld);
        PartitionLayout jobs = catalog.layout(jdbc, table.jobs());
        PartitionLayout jobsData = catalog.layout(jdbc, table.jobsData());
        if (!jobs.sameBoundsAs(jobsData)) {
            LOGGER.warn(
                    "{} and {} still have different partition bounds; only partitions with a twin of the same "
                            + "range will be dropped",
                    table.jobs(),
                    table.jobsData());
        }
        List<PartitionRange> dropped = new ArrayList<>();
        List<LivePartition> keptLive = new ArrayList<>();
        Instant cutoff = now.minus(settings.retention());
        logAdoptedKept(jobs, cutoff);
        for (Drop drop : PartitionPlan.drops(jobs, jobsData, cutoff, settings.dropAdopted())) {
            long live = dropUnlessLive(jdbc, drop, leaseHeld);
            if (live > 0) {
                LOGGER.warn(
                        "Keeping partition {} of {} and {}, due for dropping since {}: it still holds {} scheduled "
                                + "or processing jobs",
                        drop.jobs().partition(),
                        table.jobs(),
                        table.jobsData(),
                        drop.jobs().to().plus(settings.retention()),
                        live);
                keptLive.add(new LivePartition(drop.jobs(), live));
            } else {
                dropped.add(drop.jobs());
                dropped.add(drop.jobsData());
            }
        }
        long batches = finishedBatches.deleteFinishedBefore(jdbc, cutoff, leaseHeld);
        if (batches > 0) {
            LOGGER.info(
                    "Deleted {} batches of {} that finished more than {} ago",
                    batches,
                    table.jobs(),
                    settings.retention());
        }
        long catchAllRows = jobs.catchAll()
                .map(catchAll -> catalog.rows(jdbc, catchAll.name()))
                .orElse(0L);
        return new MaintenanceReport(
                Outcome.COMPLETED, now, created(splits, jobs, jobsData), dropped, keptLive, catchAllRows);
    }

    private List<PartitionSplit> split(JdbcTemplate jdbc, Instant now, Runnable leaseHeld) {
        List<PartitionSplit> splits = PartitionPlan.splits(
                catalog.layout(jdbc, table.jobs()), catalog.layout(jdbc, table.jobsData()), now, settings.horizon());
        for (PartitionSplit split : splits) {
            LOGGER.info(
                    "Adding partitions {} to {}{}",
                    names(split.created()),
                    split.table(),
                    split.source() == null
                            ? ""
                            : " by splitting " + split.source().name() + ", whose rows move along");
            leaseHeld.run();
            ddl.apply(jdbc, split);
        }
        return splits;
    }

    private List<PartitionRange> created(List<PartitionSplit> splits, PartitionLayout jobs, PartitionLayout jobsData) {
        List<PartitionRange> created = new ArrayList<>();
        for (PartitionSplit split : splits) {
            PartitionLayout layout = split.table().equals(jobs.table()) ? jobs : jobsData;
            split.created()
                    .forEach(partition ->
                            layout.named(partition.name()).ifPresent(found -> created.add(layout.range(found))));
        }
        return created;
    }

    /**
     * Drops the pair unless the jobs partition holds live jobs, and returns how many it holds.
     *
     * <p>The deciding count and both drops run while this session holds both tables with
     * {@code LOCK TABLES ... WRITE}. A write into the range (a late retry or reschedule whose
     * next run lies in that old week) may be in flight when the round looks: without the lock,
     * the count misses it while it is uncommitted, {@code DROP PARTITION} waits for it to
     * commit, and then deletes the committed row with the partition. The table lock waits for
     * every open transaction on the tables (at most the DDL lock wait timeout) and keeps new
     * ones out until the drops are done, a pause of milliseconds for a drop of a few files.
     * The first count, without the lock, spares a queue the pause for a partition that is
     * visibly live, and the hook (which may take long: a copy of a week of rows) runs before
     * the lock is taken.
     *
     * <p>The jobs partition goes first and the data partition second: the seed writes a job's
     * data row before its jobs row, so a jobs row never exists without its data row, even if the
     * round stops between the two statements. The next round then adds the missing bound back to
     * the jobs table and drops the pair.
     */
    private long dropUnlessLive(JdbcTemplate jdbc, Drop drop, Runnable leaseHeld) {
        long live = catalog.liveJobs(jdbc, drop.jobs().partition());
        if (live > 0) {
            return live;
        }
        if (hook != PartitionDropHook.NONE) {
            leaseHeld.run();
            runHook(drop);
        }
        leaseHeld.run();
        jdbc.execute(lockTables);
        try {
            live = catalog.liveJobs(jdbc, drop.jobs().partition());
            if (live > 0) {
                return live;
            }
            ddl.drop(jdbc, drop.jobs());
            ddl.drop(jdbc, drop.jobsData());
        } finally {
            jdbc.execute(UNLOCK_TABLES);
        }
        LOGGER.info(
                "Dropped partitions {} and {}: their range ended more than {} ago and they held no unfinished job",
                drop.jobs(),
                drop.jobsData(),
                settings.retention());
        return 0;
    }

    private void logAdoptedKept(PartitionLayout jobs, Instant cutoff) {
        if (settings.dropAdopted()) {
            return;
        }
        List<String> kept = jobs.bounded().stream()
                .filter(partition -> partition.bound() <= cutoff.getEpochSecond())
                .map(Partition::name)
                .filter(PartitionPlan::isAdopted)
                .toList();
        if (!kept.isEmpty()) {
            LOGGER.info(
                    "Keeping {} partitions of {} and {} that jobqueue did not create ({}): they came with the adopted"
                            + " tables and hold their history; set jobqueue.partitions.drop-adopted=true to drop them after"
                            + " the retention",
                    kept.size(),
                    table.jobs(),
                    table.jobsData(),
                    String.join(", ", kept));
        }
    }

    private void runHook(Drop drop) {
        try {
            hook.beforeDrop(drop.jobs(), drop.jobsData());
        } catch (Exception e) {
            throw new PartitionMaintenanceException(
                    table,
                    "the drop hook failed for " + drop.jobs() + ", so it and " + drop.jobsData() + " were kept: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String names(List<Partition> partitions) {
        return partitions.stream().map(Partition::name).collect(Collectors.joining(", "));
    }
}
