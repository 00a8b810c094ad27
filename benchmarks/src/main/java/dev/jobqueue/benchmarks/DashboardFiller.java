package dev.jobqueue.benchmarks;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the tables for the dashboard's speed target: finished jobs first due over the past 8
 * weeks (one in 19 failed for good, 4/43, the rest done, 3/30) and scheduled jobs (1/10) due from
 * 10 minutes ago to 6 days ahead, spread round-robin over job types 2 to 6 and tenants 1 to 4
 * (type 1 of tenant 0 is the benchmark's own no-op handler, left empty). Ids and {@code part}
 * follow the due time, so every row lands in the weekly partition of its due time. Two
 * connections, multi-row inserts of 500, a commit every 5,000 rows.
 */
final class DashboardFiller {

    static final int TYPES = 5;
    static final int TENANTS = 4;

    private static final Duration HISTORY = Duration.ofDays(56);
    private static final Duration AHEAD = Duration.ofDays(6);
    private static final String PAYLOAD = "{\"order\":12345,\"customer\":\"dashboard-speed\"}";

    private final BenchDatabase db;

    DashboardFiller(BenchDatabase db) {
        this.db = db;
    }

    /** Inserts the rows and returns how long it took, in seconds. */
    double fill(int finished, int scheduled) throws InterruptedException {
        Instant now = Instant.now();
        long start = System.nanoTime();
        Parallel.run(2, "dashboard-fill", thread -> {
            Map<Integer, RowWriter> writers = new HashMap<>();
            Map<Integer, List<RowWriter.Row>> pending = new HashMap<>();
            try (Connection connection = db.connect()) {
                connection.setAutoCommit(false);
                int total = finished + scheduled;
                int sinceCommit = 0;
                for (int i = thread; i < total; i += 2) {
                    int type = 2 + i % TYPES;
                    int tenant = 1 + (i / TYPES) % TENANTS;
                    int key = type * 100 + tenant;
                    List<RowWriter.Row> rows = pending.computeIfAbsent(key, k -> new ArrayList<>());
                    rows.add(i < finished ? finishedRow(now, i, finished) : scheduledRow(now, i - finished, scheduled));
                    if (rows.size() == RowWriter.CHUNK) {
                        writers.computeIfAbsent(key, k -> new RowWriter(db.table(), type, tenant))
                                .insert(connection, rows);
                        rows.clear();
                        sinceCommit += RowWriter.CHUNK;
                        if (sinceCommit >= 5_000) {
                            connection.commit();
                            sinceCommit = 0;
                        }
                    }
                }
                for (Map.Entry<Integer, List<RowWriter.Row>> entry : pending.entrySet()) {
                    int key = entry.getKey();
                    writers.computeIfAbsent(key, k -> new RowWriter(db.table(), key / 100, key % 100))
                            .insert(connection, entry.getValue());
                }
                connection.commit();
            }
        });
        return (System.nanoTime() - start) / 1e9;
    }

    private static RowWriter.Row finishedRow(Instant now, int i, int count) {
        Instant due = now.minus(Duration.ofHours(1)).minusMillis(HISTORY.toMillis() * i / Math.max(1, count));
        boolean failed = i % 19 == 0;
        return new RowWriter.Row(due, failed ? 4 : 3, failed ? 43 : 30, PAYLOAD);
    }

    private static RowWriter.Row scheduledRow(Instant now, int i, int count) {
        Instant due = now.minus(Duration.ofMinutes(10)).plusMillis(AHEAD.toMillis() * i / Math.max(1, count));
        return new RowWriter.Row(due, 1, 10, PAYLOAD);
    }
}
