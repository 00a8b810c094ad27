package dev.jobqueue.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The side-by-side section of the report: every system's batch enqueue, drain and end-to-end
 * rate with jobqueue's (at its defaults) divided by each, what each costs per job, and the
 * scale drain.
 */
final class SideBySide {

    private final BenchmarkOptions options;
    private final Results r;
    private final Report report;

    SideBySide(BenchmarkOptions options, Results results, Report report) {
        this.options = options;
        this.r = results;
        this.report = report;
    }

    void build() {
        if (r.contenders.isEmpty()) {
            return;
        }
        Contender jobqueue = r.contenders.get(0);
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "%,d no-op jobs per run, %d workers, one server, one JVM; medians of %d"
                        + " alternated rounds (end to end: one run each). Ratios are jobqueue at its defaults (the first"
                        + " row) ÷ the row's system: above 1 means jobqueue is faster.%n%n",
                options.jobs(),
                options.workers(),
                options.rounds()));
        md.append("| system | settings that differ from its defaults | batch enqueue (jobs/s) | drain (jobs/s) | end to"
                + " end (jobs/s) | jobqueue ÷ this: batch enqueue | drain | end to end |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Contender c : r.contenders) {
            md.append("| ")
                    .append(c.name)
                    .append(" | ")
                    .append(c.settings)
                    .append(" | ")
                    .append(Report.number(c.batch().perSecond()))
                    .append(" | ")
                    .append(Report.number(c.drain().perSecond()))
                    .append(" | ")
                    .append(Report.number(rate(c.mixed)))
                    .append(" | ")
                    .append(ratio(jobqueue.batch().perSecond(), c.batch().perSecond()))
                    .append(" | ")
                    .append(ratio(jobqueue.drain().perSecond(), c.drain().perSecond()))
                    .append(" | ")
                    .append(ratio(rate(jobqueue.mixed), rate(c.mixed)))
                    .append(" |\n");
        }
        List<String> starts = r.contenders.stream()
                .filter(c -> c.firstRun.count() > 0)
                .map(c -> String.format(
                        Locale.ROOT,
                        "%s p50 %s ms, max %s ms",
                        c.name,
                        Report.number(c.firstRun.p50()),
                        Report.number(c.firstRun.max())))
                .toList();
        md.append("\nA drain's clock starts with the workers: jobqueue resumes the paused node's workers, the peers"
                + " start theirs (a new db-scheduler `Scheduler`, JobRunr's `BackgroundJobServer.start()`). From that"
                + " start to the first job run, over the drains: "
                + (starts.isEmpty() ? "–" : String.join("; ", starts))
                + ". End to end starts the workers on the empty table before the clock, and one"
                + " producer thread enqueues 500 at a time with each system's batch API while they run; a poller"
                + " that found nothing due waits its poll interval before it looks again unless something wakes it"
                + " (defaults: jobqueue 500 ms, growing to 5 s while idle, and a local wake-up when its own node"
                + " schedules; db-scheduler 10 s, no immediate execution; JobRunr 15 s). From the start of the clock"
                + " to the first job run in the end-to-end run: "
                + String.join(
                        "; ",
                        r.contenders.stream()
                                .filter(c -> c.mixed != null && c.firstRunMixed.count() > 0)
                                .map(c -> String.format(
                                        Locale.ROOT,
                                        "%s %s ms (end to end without that wait: %s jobs/s)",
                                        c.name,
                                        Report.number(c.firstRunMixed.max()),
                                        Report.number(
                                                c.mixed.jobs() / (c.mixed.seconds() - c.firstRunMixed.max() / 1e3))))
                                .toList())
                + ".\n");
        md.append("\nWhere the time goes, per job, in the same runs (the median round; JVM CPU is this whole JVM,"
                + " paused nodes included; statements are `Questions`, COMMIT statements `Com_commit`, engine commits"
                + " `Handler_commit` (auto-commit statements included), fsyncs `Innodb_data_fsyncs`, all from"
                + " `SHOW GLOBAL STATUS` deltas; jobqueue and the plain loop send one statement per round trip, so"
                + " their statements per job are their round trips per job):\n\n");
        md.append("| system | run | JVM CPU (µs/job) | database CPU (µs/job) | statements/job | COMMIT statements/job"
                + " | engine commits/job | fsyncs/job |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Contender c : r.contenders) {
            cost(md, c.name, "batch enqueue", c.batch());
            cost(md, c.name, "drain", c.drain());
            if (c.mixed != null) {
                cost(md, c.name, "end to end", c.mixed);
            }
        }
        if (!r.scale.isEmpty()) {
            scale(md);
        }
        md.append("\nEvery round, in the order run: ")
                .append(String.join(
                        "; ", r.contenders.stream().map(Contender::rounds).toList()))
                .append(".\n");
        report.section("Side by side", md.toString());
    }

    private void scale(StringBuilder md) {
        md.append(String.format(
                Locale.ROOT,
                "%nScale: the drain of %,d jobs by 1 or more worker processes on the same"
                        + " database, each a JVM of its own (-Xmx256m) with one worker node at jobqueue's defaults and %d"
                        + " workers; one run each, the clock from the word to start (the processes are up and paused)"
                        + " until no job is scheduled or processing.%n%n",
                options.jobs(),
                options.workers()));
        md.append("| worker processes | drain (jobs/s) | ÷ one process | CPU per 1,000 jobs | cores busy |\n"
                + "|---:|---:|---:|---|---:|\n");
        Measurement one = r.scale.values().iterator().next();
        for (Map.Entry<Integer, Measurement> entry : r.scale.entrySet()) {
            md.append("| ")
                    .append(entry.getKey())
                    .append(" | ")
                    .append(Report.number(entry.getValue().perSecond()))
                    .append(" | ")
                    .append(ratio(entry.getValue().perSecond(), one.perSecond()))
                    .append(" | ")
                    .append(r.scaleCpu.getOrDefault(entry.getKey(), ""))
                    .append(" | ")
                    .append(percent(r.scaleBusy.get(entry.getKey())))
                    .append(" |\n");
        }
        Double busyWithOne = r.scaleBusy.values().iterator().next();
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format(
                Locale.ROOT,
                "%nCores busy: the CPU time of the worker processes, the database server and this JVM (which holds"
                        + " the paused nodes and polls for the end) over the drain's wall time and the machine's %d"
                        + " cores.",
                cores));
        if (busyWithOne != null && !busyWithOne.isNaN() && busyWithOne >= 0.8) {
            md.append(String.format(
                    Locale.ROOT,
                    " With one process the %d cores were already %s busy: the drain is bound by this machine's CPU,"
                            + " which every process and the server share, so each added process brings its own polls,"
                            + " claims and completions (more CPU per 1,000 jobs) and no core to run them on. These rows"
                            + " measure more processes on one machine; processes on machines of their own"
                            + " would bring cores with them, which this machine cannot measure.",
                    cores,
                    percent(busyWithOne)));
        }
        md.append("\n");
    }

    private static String percent(@Nullable Double share) {
        return share == null || share.isNaN() ? "–" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static void cost(StringBuilder md, String system, String run, Measurement m) {
        ServerCounters.Delta s = m.statements();
        long n = m.jobs();
        md.append("| ")
                .append(system)
                .append(" | ")
                .append(run)
                .append(" | ")
                .append(Report.number(m.jvmCpuSeconds() * 1e6 / n))
                .append(" | ")
                .append(Report.number(m.databaseCpuSeconds() * 1e6 / n))
                .append(" | ")
                .append(three(s.perJob(s.questions(), n)))
                .append(" | ")
                .append(three(s.perJob(s.commits(), n)))
                .append(" | ")
                .append(three(s.perJob(s.handlerCommits(), n)))
                .append(" | ")
                .append(three(s.perJob(s.fsyncs(), n)))
                .append(" |\n");
    }

    static double rate(@Nullable Measurement m) {
        return m == null ? Double.NaN : m.perSecond();
    }

    private static String three(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static String ratio(double a, double b) {
        double ratio = a / b;
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /** The contender whose name starts with {@code prefix}, or null. */
    static @Nullable Contender find(List<Contender> contenders, String prefix) {
        return contenders.stream()
                .filter(c -> c.name.startsWith(prefix))
                .findFirst()
                .orElse(null);
    }
}
