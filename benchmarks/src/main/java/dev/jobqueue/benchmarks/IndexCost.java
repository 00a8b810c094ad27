package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #19: what each index jobqueue adds to the seed's {@code jobs} and {@code jobs_data}
 * costs the enqueue. Copies the benchmark's two tables ({@code CREATE TABLE ... LIKE}, so the
 * partitions stay) once per variant, takes one addition away from each copy (or all of them, which
 * leaves the seed's indexes), and inserts the same jobs into every copy with the baseline's plain
 * multi-row INSERTs ({@link RowWriter}, 500 rows per statement, one commit per 500, one thread),
 * the variants alternated over the rounds; then one job per transaction, timed. The copies are
 * dropped at the end.
 */
final class IndexCost {

    private static final Logger LOGGER = LoggerFactory.getLogger(IndexCost.class);

    /** The jobqueue-side statements that use an addition, for the report and docs/schema.md. */
    private static final String CLAIM_NEEDS = "the claim (`ORDER BY id` without a filesort), lease recovery";

    /**
     * One copy of the tables: what was taken away and with which statements; {@code seedColumns}
     * when the copy has the seed's columns only, so the insert must not name {@code attempt}.
     */
    record Variant(
            String key, String label, String change, List<String> jobsDdl, List<String> dataDdl, boolean seedColumns) {

        Variant(String key, String label, String change, List<String> jobsDdl, List<String> dataDdl) {
            this(key, label, change, jobsDdl, dataDdl, false);
        }

        RowWriter writer(TableName copy) {
            return seedColumns
                    ? RowWriter.seedColumns(copy, NoopHandler.TYPE_ID, StarterNode.TENANT)
                    : new RowWriter(copy, NoopHandler.TYPE_ID, StarterNode.TENANT);
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant(
                    "full",
                    "jobqueue's tables (all additions)",
                    "none: the benchmark's own tables",
                    List.of(),
                    List.of()),
            new Variant(
                    "noclaim",
                    "without `claim_index`",
                    "`DROP INDEX claim_index`",
                    List.of("DROP INDEX `claim_index`"),
                    List.of()),
            new Variant(
                    "nocorr",
                    "without `correlation_index`",
                    "`DROP INDEX correlation_index`",
                    List.of("DROP INDEX `correlation_index`"),
                    List.of()),
            new Variant(
                    "noretry",
                    "without `retry_group_index` (data)",
                    "`DROP INDEX retry_group_index` on the data table",
                    List.of(),
                    List.of("DROP INDEX `retry_group_index`")),
            new Variant(
                    "jt3",
                    "`job_type_index` with the seed's 3 columns",
                    "`job_type_index (job_type, state, tenant)`, without 0017's `process_at`",
                    List.of("DROP INDEX `job_type_index`, ADD INDEX `job_type_index` (`job_type`, `state`, `tenant`)"),
                    List.of()),
            new Variant(
                    "seed",
                    "the seed's layout (seed indexes only)",
                    "the four index changes above",
                    List.of("DROP INDEX `claim_index`, DROP INDEX `correlation_index`, DROP INDEX `job_type_index`,"
                            + " ADD INDEX `job_type_index` (`job_type`, `state`, `tenant`)"),
                    List.of("DROP INDEX `retry_group_index`")),
            new Variant(
                    "seedddl",
                    "the seed's DDL exactly (jobqueue's columns dropped too)",
                    "the seed's layout, and `DROP COLUMN` of `lease_expires_at`, `run_started_at` (jobs),"
                            + " `attempt`, `has_follow_ups` (data); the insert does not write `attempt`",
                    List.of("DROP INDEX `claim_index`, DROP INDEX `correlation_index`, DROP INDEX `job_type_index`,"
                            + " ADD INDEX `job_type_index` (`job_type`, `state`, `tenant`),"
                            + " DROP COLUMN `lease_expires_at`, DROP COLUMN `run_started_at`"),
                    List.of("DROP INDEX `retry_group_index`, DROP COLUMN `attempt`, DROP COLUMN `has_follow_ups`"),
                    true));

    /** What was measured on one variant's copy. */
    private static final class Runs {
        /** Jobs per second of each round's batch inserts. */
        final List<Double> rates = new ArrayList<>();
        /** Milliseconds of every timed chunk (its INSERTs and commit), all rounds pooled. */
        final List<Double> chunkMillis = new ArrayList<>();

        final Latencies singles = new Latencies();
        String indexes = "";
    }

    private final List<Runs> runs = VARIANTS.stream().map(v -> new Runs()).toList();
    private int jobs;
    private int singleJobs;

    void run(BenchDatabase db, BenchmarkOptions options) throws Exception {
        jobs = options.jobs();
        singleJobs = Math.max(1, options.singleJobs() / options.singleThreads());
        LOGGER.info(
                "Index cost: {} jobs in chunks of {} into {} copies of the tables, {} round(s), then {} single inserts"
                        + " each",
                jobs,
                RowWriter.CHUNK,
                VARIANTS.size(),
                options.rounds(),
                singleJobs);
        try {
            for (Variant variant : VARIANTS) {
                runs(variant).indexes = create(db, variant);
            }
            int warmup = Math.min(options.warmupJobs(), jobs);
            if (warmup > 0) {
                batchRound(db, warmup, 0, false);
            }
            for (int round = 0; round < options.rounds(); round++) {
                batchRound(db, jobs, round, true);
                singleRound(db, round);
            }
        } finally {
            for (Variant variant : VARIANTS) {
                drop(db, variant);
            }
        }
    }

    /**
     * One round of batch inserts: every copy truncated, then chunk by chunk, each chunk into every
     * copy in turn (the order rotated from one chunk and round to the next), so that load from
     * elsewhere on the machine falls on every variant alike. A first, untimed chunk into every copy
     * after the truncation keeps the first statement on freshly truncated tables out of the timing.
     * When {@code timed}, records each variant's rate (jobs over the seconds spent in its inserts and
     * commits) and its chunks' times.
     */
    private void batchRound(BenchDatabase db, int jobs, int round, boolean timed) throws SQLException {
        int count = VARIANTS.size();
        double[] seconds = new double[count];
        List<Connection> connections = new ArrayList<>();
        List<RowWriter> writers = new ArrayList<>();
        try {
            openEmptyCopies(db, connections, writers, RowWriter.CHUNK);
            int chunk = 0;
            for (int done = 0; done < jobs; done += RowWriter.CHUNK, chunk++) {
                int size = Math.min(RowWriter.CHUNK, jobs - done);
                for (int i = 0; i < count; i++) {
                    int v = (i + chunk + round) % count;
                    List<RowWriter.Row> rows = new ArrayList<>(size);
                    long start = System.nanoTime();
                    for (int r = 0; r < size; r++) {
                        rows.add(RowWriter.Row.due(Latencies.nowMicros()));
                    }
                    writers.get(v).insert(connections.get(v), rows);
                    connections.get(v).commit();
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    seconds[v] += elapsed;
                    if (timed) {
                        runs.get(v).chunkMillis.add(elapsed * 1e3);
                    }
                }
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
        if (timed) {
            for (int v = 0; v < count; v++) {
                runs.get(v).rates.add(jobs / seconds[v]);
            }
        }
    }

    /** One round of single inserts: one job per transaction, one copy after the other in turn, each timed. */
    private void singleRound(BenchDatabase db, int round) throws SQLException {
        int count = VARIANTS.size();
        List<Connection> connections = new ArrayList<>();
        List<RowWriter> writers = new ArrayList<>();
        try {
            openEmptyCopies(db, connections, writers, 1);
            for (int job = 0; job < singleJobs; job++) {
                for (int i = 0; i < count; i++) {
                    int v = (i + job + round) % count;
                    long start = System.nanoTime();
                    writers.get(v).insert(connections.get(v), List.of(RowWriter.Row.due(Latencies.nowMicros())));
                    connections.get(v).commit();
                    runs.get(v).singles.record((System.nanoTime() - start) / 1_000);
                }
            }
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    /**
     * Truncates every copy, opens a connection and a writer for each (added to the lists, which
     * the caller closes), and inserts {@code untimed} jobs into each: the first statement on a
     * freshly truncated table stays out of the timing.
     */
    private static void openEmptyCopies(
            BenchDatabase db, List<Connection> connections, List<RowWriter> writers, int untimed) throws SQLException {
        for (Variant variant : VARIANTS) {
            truncate(db, variant);
            connections.add(open(db));
            writers.add(variant.writer(table(db, variant)));
        }
        for (int v = 0; v < VARIANTS.size(); v++) {
            List<RowWriter.Row> rows = new ArrayList<>(untimed);
            for (int r = 0; r < untimed; r++) {
                rows.add(RowWriter.Row.due(Latencies.nowMicros()));
            }
            writers.get(v).insert(connections.get(v), rows);
            connections.get(v).commit();
        }
    }

    private static TableName table(BenchDatabase db, Variant variant) {
        return TableName.of(db.table().base() + "_ix_" + variant.key());
    }

    private Runs runs(Variant variant) {
        return runs.get(VARIANTS.indexOf(variant));
    }

    /** Creates the variant's copy and returns its secondary indexes as the server reports them. */
    private static String create(BenchDatabase db, Variant variant) throws SQLException {
        drop(db, variant);
        TableName copy = table(db, variant);
        db.run("CREATE TABLE `" + copy.jobs() + "` LIKE `" + db.table().jobs() + "`");
        db.run("CREATE TABLE `" + copy.jobsData() + "` LIKE `" + db.table().jobsData() + "`");
        for (String ddl : variant.jobsDdl()) {
            db.run("ALTER TABLE `" + copy.jobs() + "` " + ddl);
        }
        for (String ddl : variant.dataDdl()) {
            db.run("ALTER TABLE `" + copy.jobsData() + "` " + ddl);
        }
        return secondaryIndexes(db, copy.jobs()) + "; data: " + secondaryIndexes(db, copy.jobsData()) + " ("
                + db.partitions(copy.jobs()) + " partitions)";
    }

    /** The table's secondary indexes as the server reports them, each with its columns. */
    private static String secondaryIndexes(BenchDatabase db, String table) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ', ')"
                                + " FROM information_schema.statistics WHERE table_schema = DATABASE()"
                                + " AND table_name = ? AND index_name <> 'PRIMARY' GROUP BY index_name"
                                + " ORDER BY index_name")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add("`" + rs.getString(1) + " (" + rs.getString(2) + ")`");
                }
            }
        }
        return found.isEmpty() ? "none" : String.join(", ", found);
    }

    private static void truncate(BenchDatabase db, Variant variant) throws SQLException {
        TableName copy = table(db, variant);
        db.run("TRUNCATE TABLE `" + copy.jobs() + "`");
        db.run("TRUNCATE TABLE `" + copy.jobsData() + "`");
    }

    private static void drop(BenchDatabase db, Variant variant) throws SQLException {
        TableName copy = table(db, variant);
        db.run("DROP TABLE IF EXISTS `" + copy.jobs() + "`");
        db.run("DROP TABLE IF EXISTS `" + copy.jobsData() + "`");
    }

    private static Connection open(BenchDatabase db) throws SQLException {
        Connection connection = db.connect();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        connection.setAutoCommit(false);
        return connection;
    }

    boolean ran() {
        return runs.stream().anyMatch(r -> !r.rates.isEmpty());
    }

    /** The section of the report; {@code starterBatch} is jobqueue's batch enqueue of the same run. */
    void report(Report report, @Nullable Measurement starterBatch) {
        if (!ran()) {
            return;
        }
        report.section("What each index costs the enqueue (issue #19)", markdown(starterBatch));
    }

    private static Variant variant(String key) {
        return VARIANTS.stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
    }

    /** The median of the rounds' rates. */
    private double rate(Variant variant) {
        return median(runs(variant).rates);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    String markdown(@Nullable Measurement starterBatch) {
        double full = rate(variant("full"));
        double seed = rate(variant("seed"));
        double seedDdl = rate(variant("seedddl"));
        double fullChunk = median(runs(variant("full")).chunkMillis);
        StringBuilder md = new StringBuilder();
        md.append("Plain JDBC inserts, as the baseline's batch enqueue (two multi-row INSERTs of ")
                .append(RowWriter.CHUNK)
                .append(" rows, one per table, one commit per ")
                .append(RowWriter.CHUNK)
                .append(", one thread), of the same ")
                .append(Report.number(jobs))
                .append(" jobs into copies of the benchmark's tables (`CREATE TABLE ... LIKE`, partitions kept),"
                        + " each with one of jobqueue's additions taken away. The copies take turns chunk by chunk"
                        + " (chunk k goes into every copy before chunk k+1, the order rotated each chunk), so that"
                        + " load from elsewhere falls on all of them alike, after one untimed chunk into each. A"
                        + " copy's rate is its jobs over the time spent in its own INSERTs and commits. The cost of an"
                        + " index is what the full table loses to it: `1 − full ÷ without` of the throughput,"
                        + " `10⁶/full − 10⁶/without` µs per job; in brackets the same from the median chunk (all"
                        + " rounds' chunks pooled), which leaves out the stalls (fsync, purge, other clients) that"
                        + " land on a single chunk."
                        + " Single insert: one job per transaction, one thread, the copies in turn, ")
                .append(Report.number(singleJobs))
                .append(" per copy and round, p50 of all rounds.\n\n");
        md.append("| variant | batch jobs/s | ÷ seed layout | cost of what the variant removes: throughput the"
                + " full table loses to it | µs per job it adds | median chunk of 500, ms | single insert p50 ms |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Variant variant : VARIANTS) {
            double rate = rate(variant);
            String share;
            String micros;
            if (variant.key().equals("full")) {
                share = "–";
                micros = "–";
            } else {
                share = String.format(Locale.ROOT, "%+.1f %%", 100 * (1 - full / rate));
                micros = String.format(
                        Locale.ROOT,
                        "%+.1f (%+.1f)",
                        1e6 / full - 1e6 / rate,
                        (fullChunk - median(runs(variant).chunkMillis)) * 1e3 / RowWriter.CHUNK);
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.2f | %s | %s | %s | %s |%n",
                    variant.label(),
                    Report.number(rate),
                    rate / seed,
                    share,
                    micros,
                    Report.number(median(runs(variant).chunkMillis)),
                    Report.number(runs(variant).singles.p50())));
        }
        md.append("\nA negative cost means the variant without the index was slower in this run: the index costs"
                + " less than the noise. The seed's layout keeps jobqueue's nullable columns (`lease_expires_at`,"
                + " `run_started_at`, `attempt`, `has_follow_ups`; the insert writes `attempt`, the others stay"
                + " NULL); the last row drops them too and inserts the seed's columns only."
                + " The jobs are the benchmark's: no correlation id (NULL), so `correlation_index` takes its entries"
                + " in id order, at the end of one range; jobs with correlation ids spread over the index would"
                + " cost it more. `retry_group` is a time-ordered UUID (version 7) per job, as jobqueue writes it:"
                + " on these empty copies the index fits the buffer pool whatever the key order; what the order is"
                + " worth on large tables is in the figures (5. large tables).\n\n");
        if (starterBatch != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "**jobqueue's batch enqueue ÷ plain INSERTs into the seed's layout: %.2f×** (the starter's"
                            + " median batch enqueue of the side-by-side, %s jobs/s, ÷ %s jobs/s above; ÷ the seed's"
                            + " DDL exactly: %.2f×; ÷ jobqueue's full tables: %.2f×). Issue #19 quoted 0.44× from"
                            + " another run.%n%n",
                    starterBatch.perSecond() / seed,
                    Report.number(starterBatch.perSecond()),
                    Report.number(seed),
                    starterBatch.perSecond() / seedDdl,
                    starterBatch.perSecond() / full));
        }
        md.append("What each index is for (docs/schema.md): `claim_index` — ")
                .append(CLAIM_NEEDS)
                .append("; `correlation_index` — correlated completion and `findByCorrelationId`;"
                        + " `retry_group_index` — a job's history (`findByRetryGroup`); `job_type_index`'s"
                        + " `process_at` — the dashboard's due-now/due-later counts from the index alone.\n\n");
        md.append("| variant | change | secondary indexes read back from `information_schema` |\n|---|---|---|\n");
        for (Variant variant : VARIANTS) {
            md.append("| ")
                    .append(variant.label())
                    .append(" | ")
                    .append(variant.change())
                    .append(" | ")
                    .append(runs(variant).indexes)
                    .append(" |\n");
        }
        md.append("\nMedians of the rounds shown; every round: ");
        List<String> all = new ArrayList<>();
        for (Variant variant : VARIANTS) {
            all.add(variant.key() + " "
                    + runs(variant).rates.stream().map(Report::number).collect(Collectors.joining(", ")) + " jobs/s");
        }
        md.append(String.join("; ", all)).append(".\n");
        return md.toString();
    }

    /**
     * Runs only this comparison and prints its table (without jobqueue's own batch enqueue):
     * {@code --url} and the other options of {@link BenchmarkOptions} ({@code --jobs},
     * {@code --rounds}, {@code --warmup-jobs}, {@code --single-jobs}, {@code --table}).
     */
    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        try (BenchDatabase db = BenchDatabase.open(options)) {
            db.prepare(options.weeklyPartitions());
            IndexCost cost = new IndexCost();
            cost.run(db, options);
            System.out.print(cost.markdown(null));
        }
    }
}
