package dev.jobqueue.persistence.partition;

import java.time.Instant;

/**
 * One partition of one table and the range of {@code part} it holds.
 *
 * @param table the table, {@code X} or {@code X_data}
 * @param partition the partition's name
 * @param from first instant of the range; {@link Instant#EPOCH} for a table's first partition,
 *     which also holds every earlier value
 * @param to end of the range, exclusive; {@link Instant#MAX} for the catch-all
 * @since 0.1.0
 */
public record PartitionRange(String table, String partition, Instant from, Instant to) {

    /** Whether this is the catch-all partition ({@code VALUES LESS THAN MAXVALUE}). */
    public boolean isCatchAll() {
        return to.equals(Instant.MAX);
    }

    @Override
    public String toString() {
        return table + "." + partition + " [" + from + ", " + (isCatchAll() ? "MAXVALUE" : to) + ")";
    }
}
