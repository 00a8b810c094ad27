package dev.jobqueue.dashboard;

import dev.jobqueue.persistence.partition.LivePartition;
import dev.jobqueue.persistence.partition.PartitionInfo;
import dev.jobqueue.persistence.partition.PartitionRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One partition as the partitions page lists it: table, name, bounds, estimated rows, and when it
 * will be dropped or why it will not.
 *
 * @param from its first instant, or "(all earlier)" for a table's first partition
 * @param to its end, exclusive, or {@code MAXVALUE} for the catch-all
 * @param dropsAt when a round drops it, empty when none will
 * @param why why it is kept past that time or never dropped, empty when nothing keeps it
 */
record PartitionRow(
        String table, String partition, String from, String to, long estimatedRows, String dropsAt, String why) {

    static PartitionRow of(PartitionInfo info, List<LivePartition> keptLive, Instant now) {
        PartitionRange range = info.range();
        String from = range.from().equals(Instant.EPOCH)
                ? "(all earlier)"
                : range.from().toString();
        String to = range.isCatchAll() ? "MAXVALUE" : range.to().toString();
        Instant dropsAt = info.dropsAt();
        String when = dropsAt == null ? "never" : dropsAt.toString();
        String why = switch (info.drop()) {
            case NEVER_CATCH_ALL -> "the catch-all: holds jobs due after the horizon";
            case KEPT_ADOPTED -> "adopted with the Go side's tables; kept unless jobqueue.partitions.drop-adopted=true";
            case KEPT_WITHOUT_TWIN -> "the other table has no partition of the same range";
            case AFTER_RETENTION -> dropsAt != null && !dropsAt.isAfter(now) ? dueWhy(range, keptLive) : "";
        };
        return new PartitionRow(range.table(), range.partition(), from, to, info.estimatedRows(), when, why);
    }

    private static String dueWhy(PartitionRange range, List<LivePartition> keptLive) {
        Optional<LivePartition> live = keptLive.stream()
                .filter(kept -> kept.partition().from().equals(range.from())
                        && kept.partition().to().equals(range.to()))
                .findFirst();
        return live.map(kept ->
                        "due, kept: it held " + kept.liveJobs() + " scheduled or processing jobs at the last round")
                .orElse("due: the next round drops it");
    }
}
