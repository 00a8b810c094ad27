package dev.jobqueue.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options of the benchmark. Every option has a default, so running without any
 * measures everything at the sizes issue 7 names, on an embedded MariaDB.
 */
record BenchmarkOptions(
        @Nullable String url,
        String user,
        String password,
        String table,
        int jobs,
        int workers,
        int batchSize,
        int singleThreads,
        int singleJobs,
        double largeScale,
        int latencySeconds,
        int idleWarmupSeconds,
        int idleSeconds,
        int weeklyPartitions,
        int probeClaims,
        int warmupJobs,
        int rounds,
        boolean whatIf,
        boolean statementLog,
        boolean peers,
        boolean profile,
        boolean indexCost,
        List<Integer> scaleProcesses,
        Path workDir,
        Path output,
        List<String> arguments) {

    static final String USAGE = """
            Usage: java -Xmx512m -jar benchmarks/target/jobqueue-benchmarks.jar [options]

              --url JDBC_URL          MySQL/MariaDB to use (jdbc:mariadb://host:3306/db); embedded MariaDB if absent
              --user NAME             user for --url (default root)
              --password SECRET       password for --url (default empty)
              --table NAME            base table name; its rows are TRUNCATEd (default jobqueue_bench)
              --jobs N                jobs per end-to-end run (default 20000)
              --workers W             worker threads: type concurrency and baseline claimers (default 8)
              --batch-size B          claim batch size of the starter and the baseline (default 100)
              --single-threads T      threads scheduling one job at a time (default 4)
              --single-jobs N         jobs scheduled one at a time, over all threads (default 2000)
              --large-scale F         scale of the 10,000,000 finished + 100,000 future rows (default 1.0)
              --latency-seconds S     length of each enqueue-to-start latency run (default 10)
              --idle-warmup-seconds S idle time before the idle load is measured (default 60)
              --idle-seconds S        length of the idle load measurement (default 20)
              --weekly-partitions P   weekly partitions laid over the tables, 0 keeps the migrated ones (default 12)
              --probe-claims N        claims of B jobs timed one after another for claim latency (default 50)
              --warmup-jobs N         jobs of an untimed first round of every throughput scenario (default 5000)
              --rounds R              enqueue and drain runs of each side, alternated; the median is reported (default 3)
              --no-what-if            skip the diagnostic drain on the application's pool
              --no-peers              skip db-scheduler and JobRunr
              --no-profile            skip the JFR profile of jobqueue's enqueue and drain (an extra, untimed round)
              --no-index-cost         skip the plain INSERTs into copies of the tables without each added index
              --scale-processes LIST  worker processes of the scale drain, comma-separated; 0 skips it (default 1,2,4)
              --statement-log         diagnostic: log every statement (slow log, long_query_time=0) and report
                                      rows examined per kind of statement in the drains; slows everything down
              --work-dir DIR          where the embedded MariaDB unpacks (default benchmarks/target)
              --output FILE           markdown report (default docs/benchmarks.md)
            """;

    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean whatIf = true;
        boolean statementLog = false;
        boolean peers = true;
        boolean profile = true;
        boolean indexCost = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (arg.equals("--no-what-if")) {
                whatIf = false;
                continue;
            }
            if (arg.equals("--no-peers")) {
                peers = false;
                continue;
            }
            if (arg.equals("--no-profile")) {
                profile = false;
                continue;
            }
            if (arg.equals("--no-index-cost")) {
                indexCost = false;
                continue;
            }
            if (arg.equals("--statement-log")) {
                statementLog = true;
                continue;
            }
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unknown or incomplete option: " + arg);
            }
            String value = args[++i];
            if (arg.contains("=")) {
                throw new IllegalArgumentException("Write options as --name value, not " + arg);
            }
            values.put(arg.substring(2), value);
        }
        BenchmarkOptions options = new BenchmarkOptions(
                values.remove("url"),
                values.getOrDefault("user", "root"),
                values.getOrDefault("password", ""),
                values.getOrDefault("table", "jobqueue_bench"),
                positive(values, "jobs", 20_000),
                positive(values, "workers", 8),
                positive(values, "batch-size", 100),
                positive(values, "single-threads", 4),
                positive(values, "single-jobs", 2_000),
                Double.parseDouble(values.getOrDefault("large-scale", "1.0")),
                positive(values, "latency-seconds", 10),
                notNegative(values, "idle-warmup-seconds", 60),
                positive(values, "idle-seconds", 20),
                notNegative(values, "weekly-partitions", 12),
                positive(values, "probe-claims", 50),
                notNegative(values, "warmup-jobs", 5_000),
                positive(values, "rounds", 3),
                whatIf,
                statementLog,
                peers,
                profile,
                indexCost,
                processes(values.getOrDefault("scale-processes", "1,2,4")),
                Path.of(values.getOrDefault("work-dir", defaultWorkDir())),
                Path.of(values.getOrDefault("output", "docs/benchmarks.md")),
                List.of(args));
        values.keySet()
                .removeAll(List.of(
                        "user",
                        "password",
                        "table",
                        "jobs",
                        "workers",
                        "batch-size",
                        "single-threads",
                        "single-jobs",
                        "large-scale",
                        "latency-seconds",
                        "idle-warmup-seconds",
                        "idle-seconds",
                        "weekly-partitions",
                        "probe-claims",
                        "warmup-jobs",
                        "rounds",
                        "scale-processes",
                        "work-dir",
                        "output"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("Unknown options: " + new ArrayList<>(values.keySet()));
        }
        if (options.largeScale() < 0 || options.largeScale() > 2) {
            throw new IllegalArgumentException("--large-scale must be between 0 and 2 but was " + options.largeScale());
        }
        return options;
    }

    boolean embedded() {
        return url == null;
    }

    int finishedRows() {
        return (int) Math.round(10_000_000 * largeScale);
    }

    int futureRows() {
        return (int) Math.round(100_000 * largeScale);
    }

    /** The arguments as typed, with the password hidden, for the report. */
    String commandLine() {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            boolean secret = i > 0 && arguments.get(i - 1).equals("--password");
            shown.add(secret ? "****" : arguments.get(i));
        }
        return ("java -Xmx512m -jar benchmarks/target/jobqueue-benchmarks.jar " + String.join(" ", shown)).trim();
    }

    private static String defaultWorkDir() {
        return Path.of("benchmarks").toFile().isDirectory() ? "benchmarks/target" : "target";
    }

    private static List<Integer> processes(String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            int count = Integer.parseInt(part.trim());
            if (count < 0 || count > 16) {
                throw new IllegalArgumentException("--scale-processes must list counts between 1 and 16 (0 skips the"
                        + " scale drain) but was " + value);
            }
            if (count > 0) {
                counts.add(count);
            }
        }
        return List.copyOf(counts);
    }

    private static int positive(Map<String, String> values, String name, int fallback) {
        int value = Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1 but was " + value);
        }
        return value;
    }

    private static int notNegative(Map<String, String> values, String name, int fallback) {
        int value = Integer.parseInt(values.getOrDefault(name, Integer.toString(fallback)));
        if (value < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative but was " + value);
        }
        return value;
    }
}
