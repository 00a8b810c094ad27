package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #17: what flow control costs when it never holds a job back. The same enqueue-then-drain
 * through jobqueue's default node and through nodes whose type has a cluster-wide cap equal to the
 * node's workers ({@code max-concurrency}) or a rate limit far above the throughput
 * ({@code rate-limit: 1000000/1s}), alternated, in the same run; the report gives each side's
 * median and its ratio to the run without.
 */
final class FlowControlCost {

    private static final Logger LOGGER = LoggerFactory.getLogger(FlowControlCost.class);
    /** Far above any drain rate measured here (under 10,000 jobs/s). */
    static final String HIGH_RATE = "1000000/1s";

    private final List<Measurement> off = new ArrayList<>();
    private final List<Measurement> capped = new ArrayList<>();
    private final List<Measurement> limited = new ArrayList<>();
    private int workers;

    void run(BenchDatabase db, StarterScenarios starter, StarterNode plain, BenchmarkOptions options) throws Exception {
        int jobs = options.jobs();
        workers = options.workers();
        LOGGER.info(
                "Flow control cost: enqueue {} jobs then drain, without limits, with a cap of {}, with a rate limit of {}",
                jobs,
                workers,
                HIGH_RATE);
        String type = "jobqueue.types." + NoopHandler.NAME;
        try (StarterNode cap = StarterNode.worker(
                        "worker-capped", db, workers, null, Map.of(type + ".max-concurrency", workers));
                StarterNode rate =
                        StarterNode.worker("worker-rate", db, workers, null, Map.of(type + ".rate-limit", HIGH_RATE))) {
            cap.pause();
            rate.pause();
            for (StarterNode node : List.of(plain, cap, rate)) {
                db.truncate();
                starter.batchEnqueue(node, options.warmupJobs());
                starter.drain(node, options.warmupJobs());
            }
            for (int round = 1; round <= options.rounds(); round++) {
                off.add(drain(db, starter, plain, jobs));
                capped.add(drain(db, starter, cap, jobs));
                limited.add(drain(db, starter, rate, jobs));
            }
            db.truncate();
        }
    }

    private static Measurement drain(BenchDatabase db, StarterScenarios starter, StarterNode node, int jobs)
            throws Exception {
        db.truncate();
        starter.batchEnqueue(node, jobs);
        return starter.drain(node, jobs);
    }

    boolean ran() {
        return !off.isEmpty();
    }

    /** The section of the report. */
    void report(Report report) {
        if (!ran()) {
            return;
        }
        report.section("Flow control cost (issue #17)", markdown());
    }

    String markdown() {
        Measurement without = Measurement.median(off);
        StringBuilder md = new StringBuilder();
        md.append("| enqueue N, then drain | jobs/s | ÷ without | statements per job |\n");
        md.append("|---|---|---|---|\n");
        row(md, "without limits", without, without);
        row(md, "cap = workers (`max-concurrency: " + workers + "`)", Measurement.median(capped), without);
        row(md, "rate limit far above (`rate-limit: " + HIGH_RATE + "`)", Measurement.median(limited), without);
        md.append(String.format(
                Locale.ROOT,
                "%nRounds alternate the three nodes; medians shown; every round: without %s, capped %s,"
                        + " rate-limited %s.%n",
                Measurement.rates(off),
                Measurement.rates(capped),
                Measurement.rates(limited)));
        return md.toString();
    }

    private static void row(StringBuilder md, String scenario, Measurement measured, Measurement without) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %s | %.2f | %s |%n",
                scenario,
                Report.number(measured.perSecond()),
                measured.perSecond() / without.perSecond(),
                Report.number((double) measured.statements().questions() / measured.jobs())));
    }

    /**
     * Runs only this comparison and prints its table: {@code --url} and the other options of
     * {@link BenchmarkOptions} ({@code --jobs}, {@code --workers}, {@code --rounds},
     * {@code --warmup-jobs}, {@code --table}).
     */
    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        try (BenchDatabase db = BenchDatabase.open(options)) {
            db.prepare(options.weeklyPartitions());
            FlowControlCost cost = new FlowControlCost();
            try (StarterNode plain = StarterNode.worker("worker", db, options.workers(), null)) {
                plain.pause();
                cost.run(db, new StarterScenarios(db), plain, options);
            }
            System.out.print(cost.markdown());
        }
    }
}
