package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deletes the rows of batches that finished before a cutoff: their members' and callback's
 * partitions are dropped at the same age, so the counts would describe jobs that are gone. A
 * batch that has not finished is kept whatever its age. Tables that predate batches (no
 * {@code X_batches}) are left alone.
 */
final class FinishedBatches {

    /** Rows per statement, so that a backlog of old batches never holds locks for long. */
    static final int CHUNK = 1000;

    private static final String TABLE_EXISTS =
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?";
    private static final String DELETE =
            "DELETE FROM %s WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT " + CHUNK;

    private final String batches;
    private final String delete;

    FinishedBatches(TableName table) {
        this.batches = table.batches();
        this.delete = DELETE.formatted(PartitionDdl.quote(batches));
    }

    /** Returns how many rows were deleted. */
    long deleteFinishedBefore(JdbcTemplate jdbc, Instant cutoff, Runnable leaseHeld) {
        Integer tables = jdbc.queryForObject(TABLE_EXISTS, Integer.class, batches);
        if (tables == null || tables == 0) {
            return 0;
        }
        LocalDateTime utcCutoff = LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        long deleted = 0;
        int chunk;
        do {
            leaseHeld.run();
            chunk = jdbc.update(delete, utcCutoff);
            deleted += chunk;
        } while (chunk == CHUNK);
        return deleted;
    }
}
