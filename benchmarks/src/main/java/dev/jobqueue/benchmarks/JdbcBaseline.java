package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain JDBC loop of issue 7 on the same tables: multi-row inserts of 500, and claimers
 * that each lock up to B due rows with {@code ORDER BY id LIMIT B FOR UPDATE SKIP LOCKED},
 * move them to processing with one UPDATE, commit, then move them to done with one UPDATE
 * and commit. Every connection is its own, at READ COMMITTED, set once.
 */
final class JdbcBaseline {

    private static final String CLAIM = """
            SELECT id, part
            FROM %s
            WHERE job_type = ?
              AND state = 1
              AND tenant = ?
              AND id < ?
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;
    private static final String MARK_PROCESSING = """
            UPDATE %s
            SET state = 2, sub_state = 20, pending_execution = pending_execution - 1, version = version + 1,
                lease_expires_at = ?
            WHERE (id, part) IN (%s)
            """;
    private static final String MARK_DONE = """
            UPDATE %s
            SET state = 3, sub_state = 30, version = version + 1, lease_expires_at = NULL
            WHERE (id, part) IN (%s)
            """;

    private final BenchDatabase db;
    private final TableName table;
    private final int type;
    private final int tenant;
    private final RowWriter writer;

    JdbcBaseline(BenchDatabase db, int type, int tenant) {
        this.db = db;
        this.table = db.table();
        this.type = type;
        this.tenant = tenant;
        this.writer = new RowWriter(table, type, tenant);
    }

    /** The claim as the baseline sends it, for {@code EXPLAIN}. */
    String claimSql() {
        return CLAIM.formatted(table.jobs());
    }

    Connection open() throws SQLException {
        Connection connection = db.connect();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
        return connection;
    }

    /** Inserts {@code jobs} due jobs in chunks of 500 from one connection, one commit per chunk. */
    void insert(int jobs) throws SQLException {
        insert(jobs, writer);
    }

    /** As {@link #insert(int)}, with random version-4 retry groups, as jobqueue wrote them before issue 19. */
    void insertWithRandomRetryGroups(int jobs) throws SQLException {
        insert(jobs, writer.withRandomRetryGroups());
    }

    private void insert(int jobs, RowWriter writer) throws SQLException {
        try (Connection connection = open()) {
            for (int done = 0; done < jobs; done += RowWriter.CHUNK) {
                List<RowWriter.Row> rows = new ArrayList<>();
                for (int i = 0; i < Math.min(RowWriter.CHUNK, jobs - done); i++) {
                    rows.add(RowWriter.Row.due(Latencies.nowMicros()));
                }
                writer.insert(connection, rows);
                connection.commit();
            }
        }
    }

    /** Inserts one job per transaction; the caller times it. */
    void insertOne(Connection connection) throws SQLException {
        writer.insert(connection, List.of(RowWriter.Row.due(Latencies.nowMicros())));
        connection.commit();
    }

    /**
     * Claims and completes due jobs with {@code threads} claimers until {@code expected} are
     * done. Each claimer records how long its claim (SELECT, UPDATE, COMMIT) took.
     */
    void drain(int threads, int batch, long expected, Latencies claims) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        List<Thread> claimers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(
                    () -> {
                        try (Connection connection = open()) {
                            while (done.get() < expected) {
                                int claimed = claimAndComplete(connection, batch, claims);
                                done.addAndGet(claimed);
                                if (claimed == 0) {
                                    Thread.sleep(1);
                                }
                            }
                        } catch (SQLException | RuntimeException e) {
                            failures.add(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "baseline-claimer-" + t);
            claimers.add(thread);
            thread.start();
        }
        for (Thread thread : claimers) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A baseline claimer failed", failures.get(0));
        }
    }

    /**
     * One claim of up to {@code batch} due jobs, then their completion; returns how many. A
     * transaction that loses a deadlock (a producer inserting into the range being claimed) is
     * rolled back and run again, as any JDBC loop must.
     */
    int claimAndComplete(Connection connection, int batch, Latencies claims) throws SQLException {
        long start = System.nanoTime();
        List<Object> keys = retried(connection, () -> claim(connection, batch));
        if (keys.isEmpty()) {
            return 0;
        }
        claims.record((System.nanoTime() - start) / 1_000);
        retried(connection, () -> markDone(connection, keys));
        return keys.size() / 2;
    }

    private List<Object> claim(Connection connection, int batch) throws SQLException {
        List<Object> keys = new ArrayList<>(batch * 2);
        try (PreparedStatement select = connection.prepareStatement(claimSql())) {
            select.setInt(1, type);
            select.setInt(2, tenant);
            select.setString(3, JobId.lowerBound((Instant.now().getEpochSecond() + 1) * 1000));
            select.setInt(4, batch);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                    keys.add(rs.getObject(2, LocalDateTime.class));
                }
            }
        }
        if (keys.isEmpty()) {
            connection.commit();
            return keys;
        }
        try (PreparedStatement update =
                connection.prepareStatement(MARK_PROCESSING.formatted(table.jobs(), tuples(keys)))) {
            update.setObject(1, RowWriter.part(Instant.now().plusSeconds(300)));
            for (int i = 0; i < keys.size(); i++) {
                update.setObject(i + 2, keys.get(i));
            }
            update.executeUpdate();
        }
        connection.commit();
        return keys;
    }

    private Void markDone(Connection connection, List<Object> keys) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(MARK_DONE.formatted(table.jobs(), tuples(keys)))) {
            for (int i = 0; i < keys.size(); i++) {
                update.setObject(i + 1, keys.get(i));
            }
            update.executeUpdate();
        }
        connection.commit();
        return null;
    }

    private static String tuples(List<Object> keys) {
        return String.join(", ", Collections.nCopies(keys.size() / 2, "(?, ?)"));
    }

    /** One transaction's work. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T retried(Connection connection, Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.run();
            } catch (SQLTransactionRollbackException e) {
                connection.rollback();
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
