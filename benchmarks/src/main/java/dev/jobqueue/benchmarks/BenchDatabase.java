package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.embedded.EmbeddedMariaDb;
import dev.jobqueue.persistence.internal.JobQueueSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The server under test: an embedded MariaDB started in the work folder, or the one
 * {@code --url} names. Owns one connection of its own for probes, which the idle-load
 * figure subtracts.
 */
final class BenchDatabase implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(BenchDatabase.class);
    static final long QUIET_HISTORY = 100;
    static final long PURGE_WAIT_MILLIS = 30_000;
    private static final String DATABASE = "jobqueue_bench";

    private final @Nullable EmbeddedMariaDb embedded;
    private final String url;
    private final String user;
    private final String password;
    private final TableName table;
    private final Connection probe;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private long probeStatements;
    private long probeSelects;
    private long purgeWaits;
    private long purgeWaitedMillis;
    private long longestPurgeWaitMillis;
    private long purgeTimeouts;

    private BenchDatabase(@Nullable EmbeddedMariaDb embedded, String url, String user, String password, TableName table)
            throws SQLException {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
        this.table = table;
        this.probe = connect();
    }

    static BenchDatabase open(BenchmarkOptions options) throws SQLException {
        TableName table = TableName.of(options.table());
        String url = options.url();
        if (url != null) {
            return new BenchDatabase(null, url, options.user(), options.password(), table);
        }
        EmbeddedMariaDb server = EmbeddedMariaDb.start(options.workDir().toAbsolutePath(), null);
        try {
            server.createDatabase(DATABASE);
            BenchDatabase db =
                    new BenchDatabase(server, server.jdbcUrl(DATABASE), server.user(), server.password(), table);
            // An interrupted run still stops the server and deletes its folders.
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-mariadb-stop"));
            return db;
        } catch (RuntimeException | SQLException e) {
            server.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    TableName table() {
        return table;
    }

    boolean embedded() {
        return embedded != null;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Creates or updates the tables with jobqueue's own changelog, then lays weekly partitions over them. */
    void prepare(int weeklyPartitions) throws SQLException {
        JobQueueSchema.migrate(new DriverManagerDataSource(url, user, password), table);
        if (weeklyPartitions > 0) {
            partitionWeekly(table.jobs(), weeklyPartitions);
            partitionWeekly(table.jobsData(), weeklyPartitions);
        }
    }

    /**
     * Splits the catch-all partition of an empty table into weeks, 4 of them ahead and the
     * rest behind, as the Go library's tables are laid out. A table that already has more
     * than one partition is left as it is.
     */
    private void partitionWeekly(String name, int weeks) throws SQLException {
        if (partitions(name) > 1) {
            return;
        }
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<String> parts = new ArrayList<>();
        for (int i = -(weeks - 4); i < 4; i++) {
            LocalDate end = monday.plusWeeks(i + 1);
            parts.add("PARTITION p" + end.toString().replace("-", "") + " VALUES LESS THAN (UNIX_TIMESTAMP('" + end
                    + " 00:00:00'))");
        }
        parts.add("PARTITION pmax VALUES LESS THAN MAXVALUE");
        execute("TRUNCATE TABLE " + name);
        execute("ALTER TABLE " + name + " REORGANIZE PARTITION pmax INTO (" + String.join(", ", parts) + ")");
        LOGGER.info("{} now has {} partitions", name, partitions(name));
    }

    int partitions(String name) throws SQLException {
        return (int) queryLong("SELECT COUNT(*) FROM information_schema.partitions WHERE table_schema = DATABASE()"
                + " AND table_name = '" + name + "'");
    }

    /**
     * Empties both tables. A TRUNCATE that times out waiting for a lock is tried again a few
     * times, after logging who holds what.
     */
    void truncate() throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                execute("TRUNCATE TABLE " + table.jobs());
                execute("TRUNCATE TABLE " + table.jobsData());
                awaitPurge();
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() != 1205 || attempt == 5) {
                    throw e;
                }
                LOGGER.warn(
                        "TRUNCATE waited too long for a lock (attempt {}); open transactions: {}; sessions: {}",
                        attempt,
                        rows("SELECT trx_mysql_thread_id, trx_state, trx_started, trx_rows_locked,"
                                + " trx_query FROM information_schema.innodb_trx"),
                        rows("SELECT id, command, time, state, LEFT(info, 80) FROM information_schema.processlist"
                                + " WHERE command <> 'Sleep' OR time > 5"));
                Thread.sleep(1_000);
            }
        }
    }

    private String rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        synchronized (probe) {
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows.toString();
    }

    /** Jobs of a tenant and type in state 2 (processing). */
    long processing(int type, int tenant) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM " + table.jobs() + " WHERE job_type = " + type + " AND state = 2"
                + " AND tenant = " + tenant);
    }

    /** Rows per state, for the checks after a run. */
    Map<Integer, Long> countByState() throws SQLException {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        synchronized (probe) {
            probeStatements++;
            probeSelects++;
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT state, COUNT(*) FROM " + table.jobs() + " GROUP BY state ORDER BY state")) {
                while (rs.next()) {
                    counts.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Runs a statement of the starter's own with its arguments and reads it to the end. */
    void countByState(String sql, Object... args) throws SQLException {
        synchronized (probe) {
            probeStatements++;
            probeSelects++;
            try (PreparedStatement statement = probe.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(2);
                    }
                }
            }
        }
    }

    /** The server's statement counters now (one probe statement, which the counters include). */
    ServerCounters counters() throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        synchronized (probe) {
            probeStatements++;
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SHOW GLOBAL STATUS WHERE Variable_name IN (" + ServerCounters.quotedNames() + ")")) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return new ServerCounters(values, probeStatements, probeSelects, System.nanoTime());
    }

    String version() throws SQLException {
        return queryString("SELECT VERSION()");
    }

    String variable(String name) throws SQLException {
        return queryString("SELECT @@GLOBAL." + name);
    }

    /**
     * Logs every statement of every new connection with the rows it examined (the slow log
     * into {@code mysql.slow_log}, threshold 0). A diagnostic: it costs throughput.
     */
    void logStatements() throws SQLException {
        execute("SET GLOBAL log_output = 'TABLE'");
        execute("SET GLOBAL long_query_time = 0");
        execute("SET GLOBAL slow_query_log = 1");
        execute("TRUNCATE TABLE mysql.slow_log");
    }

    /** Statements logged since the last call, grouped by their first words: count and rows examined. */
    String loggedStatements() throws SQLException {
        Map<String, long[]> groups = new LinkedHashMap<>();
        synchronized (probe) {
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT CONVERT(sql_text USING utf8mb4), rows_examined,"
                            + " rows_sent FROM mysql.slow_log")) {
                while (rs.next()) {
                    String text = rs.getString(1).replaceAll("\\s+", " ").trim();
                    long[] sums =
                            groups.computeIfAbsent(text.substring(0, Math.min(56, text.length())), k -> new long[3]);
                    sums[0]++;
                    sums[1] += rs.getLong(2);
                    sums[2] += rs.getLong(3);
                }
            }
            try (Statement statement = probe.createStatement()) {
                statement.execute("TRUNCATE TABLE mysql.slow_log");
            }
        }
        return groups.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .limit(8)
                .map(e -> "`" + e.getKey() + "…` ×" + e.getValue()[0] + ": " + e.getValue()[1] + " rows examined, "
                        + e.getValue()[2] + " sent")
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** {@code EXPLAIN} of a statement: the index each table uses and the Extra column. */
    String explain(String sql, Object... args) throws SQLException {
        List<String> plan = new ArrayList<>();
        synchronized (probe) {
            probeStatements++;
            try (PreparedStatement statement = probe.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        plan.add("type=" + rs.getString("type") + ", key=" + rs.getString("key") + ", rows="
                                + rs.getString("rows") + ", Extra=" + rs.getString("Extra"));
                    }
                }
            }
        }
        return String.join("; ", plan);
    }

    /**
     * Waits, at most {@link #PURGE_WAIT_MILLIS} ms, until InnoDB's purge has caught up with the
     * runs before (history list length at most {@link #QUIET_HISTORY}). The undo log that one
     * system's drain leaves behind is purged by server threads, which would otherwise take this
     * machine's cores from whichever system runs next, always the same one in a fixed order.
     */
    void awaitPurge() throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long history = historyLength();
        while (history > QUIET_HISTORY && System.nanoTime() - started < PURGE_WAIT_MILLIS * 1_000_000L) {
            Thread.sleep(50);
            history = historyLength();
        }
        long waited = (System.nanoTime() - started) / 1_000_000L;
        purgeWaits++;
        purgeWaitedMillis += waited;
        longestPurgeWaitMillis = Math.max(longestPurgeWaitMillis, waited);
        if (history > QUIET_HISTORY) {
            purgeTimeouts++;
            LOGGER.warn("InnoDB's history list is still {} long after {} ms; going on", history, waited);
        }
    }

    /** How long the runs waited for InnoDB's purge, for the report. */
    String purgeWaits() {
        if (purgeWaits == 0) {
            return "no waits";
        }
        return purgeWaits + " waits, " + purgeWaitedMillis + " ms in all, the longest " + longestPurgeWaitMillis
                + " ms, " + purgeTimeouts + " gave up after " + PURGE_WAIT_MILLIS + " ms";
    }

    /** InnoDB's history list length, 0 where the server does not expose it. */
    private long historyLength() throws SQLException {
        synchronized (probe) {
            probeStatements++;
            probeSelects++;
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT `count` FROM information_schema.innodb_metrics"
                            + " WHERE name = 'trx_rseg_history_len'")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** A {@code SELECT COUNT(*)} or any query of one number, counted as a probe. */
    long count(String sql) throws SQLException {
        return queryLong(sql);
    }

    /** A statement of the benchmark's own (DDL, TRUNCATE), counted as a probe. */
    void run(String sql) throws SQLException {
        execute(sql);
    }

    private long queryLong(String sql) throws SQLException {
        return Long.parseLong(queryString(sql));
    }

    private String queryString(String sql) throws SQLException {
        synchronized (probe) {
            probeStatements++;
            probeSelects++;
            try (Statement statement = probe.createStatement();
                    ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Drops {@code retry_group_index} of the data table, for a bulk load; {@link #addRetryGroupIndex()} puts it back. */
    void dropRetryGroupIndex() throws SQLException {
        execute("ALTER TABLE " + table.jobsData() + " DROP INDEX retry_group_index");
    }

    /** The index as jobqueue's changeset 0005 creates it. */
    void addRetryGroupIndex() throws SQLException {
        execute("ALTER TABLE " + table.jobsData() + " ADD INDEX retry_group_index (retry_group)");
    }

    private void execute(String sql) throws SQLException {
        synchronized (probe) {
            probeStatements++;
            try (Statement statement = probe.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            probe.close();
        } catch (SQLException e) {
            LOGGER.warn("Could not close the probe connection", e);
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
