package dev.jobqueue.persistence.partition;

import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ALTER TABLE} that adds partitions to one table: either splits {@code source}
 * into {@code into} (whose last element is {@code source} itself, so the covered range is
 * unchanged and rows move without loss), or, without a source, appends {@code into} after the
 * table's last partition.
 */
record PartitionSplit(String table, @Nullable Partition source, List<Partition> into) {

    PartitionSplit {
        into = List.copyOf(into);
    }

    static PartitionSplit reorganize(String table, Partition source, List<Partition> added) {
        return new PartitionSplit(table, source, concat(added, source));
    }

    static PartitionSplit append(String table, List<Partition> added) {
        return new PartitionSplit(table, null, added);
    }

    /** The partitions this statement creates. */
    List<Partition> created() {
        return source == null ? into : into.subList(0, into.size() - 1);
    }

    private static List<Partition> concat(List<Partition> added, Partition last) {
        return Stream.concat(added.stream(), Stream.of(last)).toList();
    }
}
