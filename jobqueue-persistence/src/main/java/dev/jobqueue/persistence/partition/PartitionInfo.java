package dev.jobqueue.persistence.partition;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a queue's jobs table or its {@code X_data} twin, as
 * {@link PartitionMaintainer#partitions()} lists it: its range, its rows as the server
 * estimates them, and when maintenance will drop it or why it never will.
 *
 * @param range the table, the partition's name and the range of {@code part} it holds
 * @param estimatedRows {@code information_schema.partitions.table_rows}: the storage engine's
 *     estimate, not a count (InnoDB keeps it roughly in step; MySQL 8 caches it for
 *     {@code information_schema_stats_expiry}, a day by default)
 * @param drop whether maintenance drops this partition after the retention, or why not
 * @param dropsAt for {@link Drop#AFTER_RETENTION}, the end of the range plus the retention: the
 *     first round at or after it drops the partition unless it still holds a scheduled or
 *     processing job; {@code null} otherwise
 * @since 0.1.0
 */
public record PartitionInfo(
        PartitionRange range,
        long estimatedRows,
        Drop drop,
        @Nullable Instant dropsAt) {

    /**
     * Whether and why maintenance drops a partition.
     *
     * @since 0.1.0
     */
    public enum Drop {
        /** Dropped at {@link PartitionInfo#dropsAt()} unless it then holds live jobs. */
        AFTER_RETENTION,
        /** The catch-all ({@code VALUES LESS THAN MAXVALUE}): never dropped. */
        NEVER_CATCH_ALL,
        /**
         * A partition jobqueue did not create (one of adopted Go tables): kept, since
         * {@link PartitionSettings#dropAdopted()} is false.
         */
        KEPT_ADOPTED,
        /**
         * The other table has no partition of the same range, so dropping this one would remove one
         * row of a job and not the other: kept until a round gives both tables the same bounds.
         */
        KEPT_WITHOUT_TWIN
    }
}
