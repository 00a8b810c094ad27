package dev.jobqueue.benchmarks;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the tables with finished jobs spread over the past 8 weeks (state 3/30) and jobs due
 * in the coming days (1/10), of the same tenant and type as the jobs the scenarios run: the
 * worst case for a claim that should read only the due rows. Two connections, multi-row
 * inserts of 500, a commit every 5,000 rows.
 */
final class Preloader {

    private static final Duration HISTORY = Duration.ofDays(56);
    private static final Duration AHEAD = Duration.ofDays(6);
    private static final String PAYLOAD = NoopHandler.payload(0);

    private final BenchDatabase db;
    private final RowWriter writer;

    Preloader(BenchDatabase db) {
        this.db = db;
        this.writer = new RowWriter(db.table(), NoopHandler.TYPE_ID, StarterNode.TENANT);
    }

    /** Inserts the rows and returns how long it took, in seconds. */
    double preload(int finished, int future) throws InterruptedException {
        Instant now = Instant.now();
        long start = System.nanoTime();
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
