package dev.jobqueue.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the tables with finished jobs spread over the past 8 weeks (state 3/30) and jobs due
 * in the coming days (1/10), of the same tenant and type as the jobs the scenarios run: the
 * worst case for a claim that should read only the due rows. Their retry groups are random
 * version-4 UUIDs, the history jobqueue wrote before issue 19 (and the tests' port of the Go
 * enqueue writes): such keys lie all over {@code retry_group_index}, and new keys either land
 * among them (random ones) or at one end (jobqueue's time-ordered ones). Two connections, multi-row inserts of 500, a commit every
 * 5,000 rows, with {@code retry_group_index} dropped during the load and built again after it
 * (a sorted build instead of millions of random inserts), as a bulk load would.
 */
final class Preloader {

    private static final Duration HISTORY = Duration.ofDays(56);
    private static final Duration AHEAD = Duration.ofDays(6);
    private static final String PAYLOAD = NoopHandler.payload(0);

    private final BenchDatabase db;
    private final RowWriter writer;

    Preloader(BenchDatabase db) {
        this.db = db;
        this.writer = new RowWriter(db.table(), NoopHandler.TYPE_ID, StarterNode.TENANT).withRandomRetryGroups();
    }

    /** Inserts the rows and returns how long it took, in seconds, the index build included. */
    double preload(int finished, int future) throws InterruptedException, SQLException {
        Instant now = Instant.now();
        long start = System.nanoTime();
        db.dropRetryGroupIndex();
        Parallel.run(2, "preload", thread -> {
            try (Connection connection = db.connect()) {
                connection.setAutoCommit(false);
                List<RowWriter.Row> rows = new ArrayList<>(5_000);
                int total = finished + future;
                for (int i = thread; i < total; i += 2) {
                    rows.add(i < finished ? finishedRow(now, i, finished) : futureRow(now, i - finished, future));
                    if (rows.size() == 5_000) {
                        writer.insert(connection, rows);
                        connection.commit();
                        rows.clear();
                    }
                }
                writer.insert(connection, rows);
                connection.commit();
            }
        });
        db.addRetryGroupIndex();
        return (System.nanoTime() - start) / 1e9;
    }

    private static RowWriter.Row finishedRow(Instant now, int i, int count) {
        Instant due = now.minus(Duration.ofHours(1)).minusMillis(HISTORY.toMillis() * i / Math.max(1, count));
        return new RowWriter.Row(due, 3, 30, PAYLOAD);
    }

    private static RowWriter.Row futureRow(Instant now, int i, int count) {
        Instant due = now.plus(Duration.ofDays(1)).plusMillis(AHEAD.toMillis() * i / Math.max(1, count));
        return new RowWriter.Row(due, 1, 10, PAYLOAD);
    }
}
