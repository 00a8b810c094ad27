package dev.jobqueue.persistence.partition;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The RANGE partitions of one table, in ascending order of their upper bounds, as
 * {@code information_schema.partitions} lists them.
 */
record PartitionLayout(String table, List<Partition> partitions) {

    /**
     * One partition: rows whose {@code UNIX_TIMESTAMP(part)} is below {@code bound} and at or
     * above the previous partition's bound.
     *
     * @param bound the upper bound in epoch seconds, or {@link #MAXVALUE} for the catch-all
     */
    record Partition(String name, long bound) {

        static final long MAXVALUE = Long.MAX_VALUE;

        static Partition catchAll(String name) {
            return new Partition(name, MAXVALUE);
        }

        boolean isCatchAll() {
            return bound == MAXVALUE;
        }
    }

    PartitionLayout {
        partitions = List.copyOf(partitions);
    }

    Optional<Partition> catchAll() {
        return partitions.stream().filter(Partition::isCatchAll).findFirst();
    }

    List<Partition> bounded() {
        return partitions.stream().filter(partition -> !partition.isCatchAll()).toList();
    }

    Optional<Partition> withBound(long bound) {
        return partitions.stream()
                .filter(partition -> partition.bound() == bound)
                .findFirst();
    }

    Optional<Partition> named(String name) {
        return partitions.stream()
                .filter(partition -> partition.name().equalsIgnoreCase(name))
                .findFirst();
    }

    /** The partition a row with {@code UNIX_TIMESTAMP(part) = value} goes to, if any. */
    Optional<Partition> holding(long value) {
        return partitions.stream()
                .filter(partition -> value < partition.bound())
                .findFirst();
    }

    /** The lower bound of {@code partition}: the previous partition's bound, or 0 for the first. */
    long lowerBound(Partition partition) {
        int index = partitions.indexOf(partition);
        if (index < 0) {
            throw new IllegalArgumentException(partition + " is not a partition of " + table);
        }
        return index == 0 ? 0 : partitions.get(index - 1).bound();
    }

    PartitionRange range(Partition partition) {
        Instant to = partition.isCatchAll() ? Instant.MAX : Instant.ofEpochSecond(partition.bound());
        return new PartitionRange(table, partition.name(), Instant.ofEpochSecond(lowerBound(partition)), to);
    }

    /** Whether both tables split {@code part} at the same bounds (names may differ). */
    boolean sameBoundsAs(PartitionLayout other) {
        return partitions.stream()
                .map(Partition::bound)
                .toList()
                .equals(other.partitions.stream().map(Partition::bound).toList());
    }

    static String key(String partitionName) {
        return partitionName.toLowerCase(Locale.ROOT);
    }
}
