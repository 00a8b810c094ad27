package dev.jobqueue.persistence.partition;

import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a round should change, computed from the two tables' layouts, the time and the
 * settings alone. Weeks are ISO weeks in UTC, so a bound is the same on every node whatever its
 * own or its session's time zone.
 */
final class PartitionPlan {

    /** Name of the catch-all that the changelog creates and that a round adds where it is missing. */
    static final String CATCH_ALL = "pmax";

    /** The two partitions to drop for one range of {@code part}. */
    record Drop(PartitionRange jobs, PartitionRange jobsData) {}

    /** The names jobqueue gives partitions: weeks ({@code pYYYYwWW}, maybe with a bound suffix) and the catch-all. */
    private static final Pattern OWN_NAME =
            Pattern.compile("p\\d{4}w\\d{2}(_-?\\d+)?|pmax(_maxvalue)?", Pattern.CASE_INSENSITIVE);

    private PartitionPlan() {}

    /**
     * Whether jobqueue created a partition of this name. Any other partition came with tables it
     * adopted (the Go library names its weeks {@code pYYYYMM_weekN}) and holds history written
     * before jobqueue arrived.
     */
    static boolean isAdopted(String partitionName) {
        return !OWN_NAME.matcher(partitionName).matches();
    }

    /**
     * The weekly partitions that should exist: one per ISO week from the week of {@code now} to
     * the week of {@code now + horizon}, named {@code pYYYYwWW} after the week-based year and
     * week, each bounded by the next Monday 00:00 UTC.
     */
    static List<Partition> weeks(Instant now, Duration horizon) {
        LocalDate monday = monday(now);
        LocalDate last = monday(now.plus(horizon));
        List<Partition> weeks = new ArrayList<>();
        for (LocalDate week = monday; !week.isAfter(last); week = week.plusWeeks(1)) {
            weeks.add(new Partition(
                    weekName(week),
                    week.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
        }
        return weeks;
    }

    static String weekName(LocalDate day) {
        return String.format(
                Locale.ROOT,
                "p%04dw%02d",
                day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * The statements that give both tables the same bounds: every bound either table has, the
     * weekly bounds after the last of those up to the horizon, and a catch-all. A week that an
     * existing partition already covers is not split out of it; a gap between the last existing
     * bound and the current week goes to the first new week's partition.
     */
    static List<PartitionSplit> splits(PartitionLayout jobs, PartitionLayout jobsData, Instant now, Duration horizon) {
        NavigableMap<Long, String> wanted = new TreeMap<>();
        jobsData.bounded().forEach(partition -> wanted.put(partition.bound(), partition.name()));
        jobs.bounded().forEach(partition -> wanted.put(partition.bound(), partition.name()));
        long last = wanted.isEmpty() ? Long.MIN_VALUE : wanted.lastKey();
        for (Partition week : weeks(now, horizon)) {
            if (week.bound() > last) {
                wanted.put(week.bound(), week.name());
            }
        }
        List<PartitionSplit> splits = new ArrayList<>(splitsFor(jobs, wanted));
        splits.addAll(splitsFor(jobsData, wanted));
        return splits;
    }

    /**
     * The partition pairs whose range ended at or before {@code cutoff}, oldest first. A pair
     * is two partitions, one per table, with the same lower and upper bound; a partition
     * without such a twin is never offered, so no drop removes one row of a job and not the other.
     * Adopted partitions ({@link #isAdopted(String)}) are offered only when {@code dropAdopted}.
     */
    static List<Drop> drops(PartitionLayout jobs, PartitionLayout jobsData, Instant cutoff, boolean dropAdopted) {
        List<Drop> drops = new ArrayList<>();
        for (Partition partition : jobs.bounded()) {
            if (partition.bound() > cutoff.getEpochSecond()) {
                break;
            }
            if (!dropAdopted && isAdopted(partition.name())) {
                continue;
            }
            twin(jobs, jobsData, partition)
                    .ifPresent(twin -> drops.add(new Drop(jobs.range(partition), jobsData.range(twin))));
        }
        return drops;
    }

    private static Optional<Partition> twin(PartitionLayout jobs, PartitionLayout jobsData, Partition partition) {
        long from = jobs.lowerBound(partition);
        return jobsData.withBound(partition.bound()).filter(twin -> jobsData.lowerBound(twin) == from);
    }

    private static List<PartitionSplit> splitsFor(PartitionLayout layout, NavigableMap<Long, String> wanted) {
        Set<String> used = new HashSet<>();
        layout.partitions().forEach(partition -> used.add(PartitionLayout.key(partition.name())));
        Map<Partition, List<Partition>> bySource = new LinkedHashMap<>();
        List<Partition> appended = new ArrayList<>();
        wanted.forEach((bound, name) -> {
            if (layout.withBound(bound).isEmpty()) {
                Partition added = new Partition(unique(name, Long.toString(bound), used), bound);
                layout.holding(bound)
                        .ifPresentOrElse(
                                source -> bySource.computeIfAbsent(source, key -> new ArrayList<>())
                                        .add(added),
                                () -> appended.add(added));
            }
        });
        List<PartitionSplit> splits = new ArrayList<>();
        bySource.forEach((source, added) -> splits.add(PartitionSplit.reorganize(layout.table(), source, added)));
        if (layout.catchAll().isEmpty()) {
            appended.add(Partition.catchAll(unique(CATCH_ALL, "maxvalue", used)));
            splits.add(PartitionSplit.append(layout.table(), appended));
        }
        return splits;
    }

    /**
     * {@code name}, or {@code name_suffix} when the table already has a partition of that name
     * with another bound (partition names are case-insensitive).
     */
    private static String unique(String name, String suffix, Set<String> used) {
        String chosen = used.contains(PartitionLayout.key(name)) ? name + "_" + suffix : name;
        used.add(PartitionLayout.key(chosen));
        return chosen;
    }

    private static LocalDate monday(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).with(DayOfWeek.MONDAY);
    }
}
