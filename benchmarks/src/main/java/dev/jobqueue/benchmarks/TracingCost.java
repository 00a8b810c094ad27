package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #17: what tracing costs. The same batch enqueue and drain through jobqueue's default
 * node (no observation registry) and through a node with Spring Boot's OpenTelemetry tracing on
 * (every call and run a sampled span, every job carrying its trace context), alternated, in the
 * same run; the report gives each side's median and their ratio.
 */
final class TracingCost {

    private static final Logger LOGGER = LoggerFactory.getLogger(TracingCost.class);

    private final List<Measurement> batchesOff = new ArrayList<>();
    private final List<Measurement> batchesOn = new ArrayList<>();
    private final List<Measurement> drainsOff = new ArrayList<>();
    private final List<Measurement> drainsOn = new ArrayList<>();
    private final CountingSpanExporter spans = new CountingSpanExporter();
    private long tracedJobs;

    void run(BenchDatabase db, StarterScenarios starter, StarterNode untraced, BenchmarkOptions options)
            throws Exception {
        int jobs = options.jobs();
        LOGGER.info("Tracing cost: batch enqueue of {} jobs, then drain, with tracing off and on", jobs);
        try (StarterNode traced = StarterNode.tracedWorker("worker-traced", db, options.workers(), spans)) {
            traced.pause();
            db.truncate();
            starter.batchEnqueue(traced, options.warmupJobs());
            starter.drain(traced, options.warmupJobs());
            for (int round = 1; round <= options.rounds(); round++) {
                db.truncate();
                batchesOff.add(starter.batchEnqueue(untraced, jobs));
                drainsOff.add(starter.drain(untraced, jobs));
                db.truncate();
                batchesOn.add(starter.batchEnqueue(traced, jobs));
                drainsOn.add(starter.drain(traced, jobs));
                tracedJobs += jobs;
            }
            db.truncate();
        }
    }

    /** The section of the report. */
    void report(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | tracing off | tracing on | on ÷ off | statements per job, off → on |\n");
        md.append("|---|---|---|---|---|\n");
        row(md, "batch enqueue, 500 per call", batchesOff, batchesOn);
        row(md, "enqueue N, then drain", drainsOff, drainsOn);
        md.append(String.format(
                Locale.ROOT,
                "%nOff: jobqueue's default node, no observation registry."
                        + " On: Spring Boot's OpenTelemetry tracing (`spring-boot-micrometer-tracing-opentelemetry`,"
                        + " sampling 1.0), spans handed to an exporter that counts them and sends them nowhere;"
                        + " %d spans exported for %d traced jobs (warm-up included), %d of them with a parent."
                        + " Rounds alternate off and on; medians shown; every round: off %s, on %s (drains).%n",
                spans.spans(),
                tracedJobs,
                spans.withParent(),
                Measurement.rates(drainsOff),
                Measurement.rates(drainsOn)));
        report.section("Tracing cost (issue #17)", md.toString());
    }

    private static void row(StringBuilder md, String scenario, List<Measurement> off, List<Measurement> on) {
        Measurement offMedian = Measurement.median(off);
        Measurement onMedian = Measurement.median(on);
        md.append(String.format(
                Locale.ROOT,
                "| %s | %s jobs/s | %s jobs/s | %.2f | %s → %s |%n",
                scenario,
                Report.number(offMedian.perSecond()),
                Report.number(onMedian.perSecond()),
                onMedian.perSecond() / offMedian.perSecond(),
                Report.number((double) offMedian.statements().questions() / offMedian.jobs()),
                Report.number((double) onMedian.statements().questions() / onMedian.jobs())));
    }
}
