package dev.jobqueue.benchmarks;

import java.util.Locale;

/** Turns the results of a run into figures (starter against baseline) and the targets of issue 7. */
final class ReportBuilder {

    private final BenchmarkOptions options;
    private final Results r;
    private final Report report;

    ReportBuilder(BenchmarkOptions options, Results results, Report report) {
        this.options = options;
        this.r = results;
        this.report = report;
    }

    void build() {
        new SideBySide(options, r, report).build();
        r.profile.report(report);
        r.tracing.report(report);
        r.flowControl.report(report);
        r.indexCost.report(report, r.batchStarter);
        figures();
        Verdicts verdicts = new Verdicts(options, r, report);
        verdicts.all();
        new Changes(options, r, report).all();
        notes();
    }

    /**
     * What the retry groups' key order is worth on the preloaded tables, whose retry_group_index
     * holds random keys: the same plain INSERTs with random version-4 groups (the Go library's,
     * and jobqueue's before issue 19) against time-ordered ones (jobqueue's now).
     */
    private void retryGroupKeys() {
        Measurement random = r.batchRandomGroupsLarge;
        Measurement ordered = r.batchOrderedGroupsLarge;
        if (random == null || ordered == null) {
            return;
        }
        report.figure(
                "5. large tables",
                "plain batch enqueue, time-ordered retry groups ÷ random ones",
                "×",
                ordered.perSecond() / random.perSecond(),
                Double.NaN,
                "the baseline's INSERTs on the preloaded tables, one run each, random first: version-4 groups "
                        + Report.number(random.perSecond()) + " jobs/s ("
                        + random.statements().describePerJob(random.jobs()) + ", " + random.cpuPerThousandJobs()
                        + "), time-ordered " + Report.number(ordered.perSecond()) + " jobs/s ("
                        + ordered.statements().describePerJob(ordered.jobs()) + ", " + ordered.cpuPerThousandJobs()
                        + ")");
    }

    private void figures() {
        int b = options.batchSize();
        throughput("1. enqueue", "batch enqueue, 500 per call", r.batchStarter, r.batchBaseline);
        throughput(
                "1. enqueue",
                "single enqueue, " + options.singleThreads() + " threads",
                r.singleStarter,
                r.singleBaseline);
        latency(
                "1. enqueue",
                "single enqueue latency p50",
                r.singleStarterLatency.p50(),
                r.singleBaselineLatency.p50());
        latency(
                "1. enqueue",
                "single enqueue latency p99",
                r.singleStarterLatency.p99(),
                r.singleBaselineLatency.p99());
        throughput(
                "2. end to end",
                "enqueue N, then drain, W=" + options.workers() + ", starter at its defaults," + " baseline claims of "
                        + b,
                r.drainStarter,
                r.drainBaseline);
        throughput("2. end to end", "producer and workers at once", r.mixedStarter, r.mixedBaseline);
        if (r.sharedPool != null) {
            report.figure(
                    "2. end to end (diagnostic)",
                    "drain on the application's pool",
                    "jobs/s",
                    r.sharedPool.perSecond(),
                    r.drainBaseline.perSecond(),
                    "not a target setting:"
                            + " jobqueue.pool.dedicated=false, so every transaction sets and resets isolation and"
                            + " auto-commit; " + r.sharedPool.statements().describePerJob(r.sharedPool.jobs()) + ", "
                            + r.sharedPool.cpuPerThousandJobs());
        }
        latency("2. end to end", "claim of " + b + " p50, sequential", r.claimStarter.p50(), r.claimBaseline.p50());
        latency("2. end to end", "claim of " + b + " p99, sequential", r.claimStarter.p99(), r.claimBaseline.p99());
        String rate = String.format(Locale.ROOT, "at %.0f jobs/s (half the drain rate)", r.latencyRate);
        for (var entry : new Object[][] {{"one node (local wake-up)", r.oneNode}, {"two nodes (poll)", r.twoNodes}}) {
            Latencies l = (Latencies) entry[1];
            String name = (String) entry[0];
            report.figure(
                    "3. enqueue to start",
                    name + " p50",
                    "ms",
                    l.p50(),
                    Double.NaN,
                    rate + ", " + l.count() + " jobs after 2 s of warm-up");
            report.figure("3. enqueue to start", name + " p99", "ms", l.p99(), Double.NaN, rate);
            report.figure("3. enqueue to start", name + " max", "ms", l.max(), Double.NaN, rate);
        }
        report.figure(
                "4. idle",
                "queries per second per (tenant, type)",
                "q/s",
                r.idle.questionsPerSecond() / r.idlePairs,
                Double.NaN,
                idleBreakdown());
        report.figure(
                "5. large tables",
                "preload of " + options.finishedRows() + " + " + options.futureRows() + " rows",
                "s",
                r.preloadSeconds,
                Double.NaN,
                "multi-row inserts, 2 connections, retry groups random version-4 UUIDs (jobqueue's before issue 19, and the tests' port of the"
                        + " Go enqueue), retry_group_index dropped during the load and built after it (included)");
        throughput("5. large tables", "batch enqueue, 500 per call", r.batchStarterLarge, r.batchBaselineLarge);
        retryGroupKeys();
        throughput("5. large tables", "enqueue N, then drain", r.drainStarterLarge, r.drainBaselineLarge);
        latency(
                "5. large tables",
                "claim of " + b + " p50, sequential",
                r.claimStarterLarge.p50(),
                r.claimBaselineLarge.p50());
        latency(
                "5. large tables",
                "claim of " + b + " p99, sequential",
                r.claimStarterLarge.p99(),
                r.claimBaselineLarge.p99());
        report.figure(
                "5. large tables",
                "drain: large ÷ empty",
                "×",
                r.drainStarterLarge.perSecond() / r.drainStarter.perSecond(),
                r.drainBaselineLarge.perSecond() / r.drainBaseline.perSecond(),
                "throughput kept with the big tables");
        report.figure(
                "5. large tables",
                "count behind the queue-depth gauge",
                "ms",
                r.depthCountMs,
                Double.NaN,
                "JobReader's `SELECT state, COUNT(*) ... FORCE INDEX (claim_index) WHERE job_type = ? AND"
                        + " state IN (1, 2) AND tenant = ? GROUP BY state`, which the backlog sampler runs per served"
                        + " queue and node every sample interval (15 s); plan: " + r.depthCountPlan);
        report.figure(
                "6. heap",
                "peak used heap during the starter drain",
                "MB",
                r.heapPeakMb,
                Double.NaN,
                String.format(
                        Locale.ROOT,
                        "largest live set after a GC %s MB, %d collections, -Xmx %.0f MB",
                        Report.number(r.heapAfterGcMb),
                        r.heapCollections,
                        HeapMonitor.maxHeapMb()));
    }

    private void throughput(String scenario, String metric, Measurement starter, Measurement baseline) {
        report.figure(
                scenario,
                metric,
                "jobs/s",
                starter.perSecond(),
                baseline.perSecond(),
                "starter " + starter.statements().describePerJob(starter.jobs()) + ", "
                        + starter.cpuPerThousandJobs() + "; baseline "
                        + baseline.statements().describePerJob(baseline.jobs()) + ", "
                        + baseline.cpuPerThousandJobs());
    }

    private void latency(String scenario, String metric, double starter, double baseline) {
        report.figure(scenario, metric, "ms", starter, baseline, "");
    }

    String idleBreakdown() {
        ServerCounters.Delta d = r.idle;
        return String.format(
                Locale.ROOT,
                "%d statements in %.0f s: select %d, update %d, commit %d, set %d, other %d;" + " after %d s idle",
                d.questions(),
                d.seconds(),
                d.selects(),
                d.updates(),
                d.commits(),
                d.sets(),
                d.questions() - d.selects() - d.updates() - d.commits() - d.sets() - d.inserts(),
                options.idleWarmupSeconds());
    }

    private void notes() {
        r.statementLogs.forEach(log -> report.note("Statement log (diagnostic run), " + log + "."));
        report.note("Single enqueue, batch enqueue and the enqueue-then-drain runs alternate the systems "
                + options.rounds() + " times; the tables show each side's median run (single-enqueue latencies are"
                + " pooled over the rounds). Every round: " + r.drainRounds + ".");
        report.note("Metrics: " + r.metrics + ".");
        report.note("Partitions of the jobs table once the nodes had started (the starter's partition maintenance"
                + " runs a round at startup, over the weekly layout the benchmark laid): " + r.partitions + ".");
        report.note("Plan of the starter's claim on empty tables: " + r.claimPlan + "; on the preloaded tables: "
                + r.claimPlanLarge + ". Plan of the baseline's claim: " + r.baselineClaimPlan + ".");
        report.note("Why one held job must be matched by `id = ? AND part = ?`: on the preloaded tables an UPDATE"
                + " of the shape of the claim's move `WHERE (id, part) IN (...)` plans as: "
                + r.movePlanLarge + ". Of the batch completion's `WHERE state = 2 AND (id, part, version) IN (...)`: "
                + r.completePlanLarge + ". Of the data read `SELECT ... FROM X_data WHERE (id, part) IN ((?, ?))`: "
                + r.dataPlanLarge + " (a constant look-up of a key that does not exist). `type=index` with no key"
                + " considered is a walk of the whole primary key: EXPLAIN shows it for an UPDATE whose row IN list"
                + " has one tuple, whatever the table size; the SELECT with the same condition is a look-up.");
        report.note("Rows by state after each run (1 scheduled, 2 processing, 3 done): " + String.join("; ", r.checks)
                + ".");
        report.note("Every run into emptied tables first waits for InnoDB's purge to catch up with the runs"
                + " before it (history list length at most " + BenchDatabase.QUIET_HISTORY + ", `trx_rseg_history_len`"
                + " in `information_schema.innodb_metrics`): the undo a drain leaves is purged by server threads"
                + " that would otherwise take the cores from the next system, always the same one in the fixed order"
                + " of a round. Waits: " + r.purgeWaits + ".");
        report.note("Claim latency is measured with nothing else running: " + options.probeClaims()
                + " claims one after another, each completed untimed; the starter's is JobQueue.claim (its"
                + " transaction included), the baseline's its SELECT, UPDATE and COMMIT. Under the 8-thread drain"
                + " the baseline's claims took p50 " + Report.number(r.baselineClaimsUnderLoad.p50()) + " ms, p99 "
                + Report.number(r.baselineClaimsUnderLoad.p99()) + " ms.");
        report.note("The baseline's claim adds `AND id < ?` (the first id of the next second) so that it never"
                + " takes the preloaded future jobs; the starter reads past them and keeps the first as its wait"
                + " hint. Statements per job come from SHOW GLOBAL STATUS deltas over each timed window, less the"
                + " benchmark's own probes; `set` is Com_set_option (autocommit and isolation changes), server"
                + " prepares are Com_stmt_prepare (not in Questions), handler reads are Handler_read_key, _next,"
                + " _prev and _rnd_next (rows the storage engine returned).");
        report.note("Everything but the scale drain runs in one JVM: the nodes are separate Spring contexts with"
                + " separate pools, so the \"two nodes\" share no LocalWakeups but share the CPU with the database"
                + " and each other. A node not being measured has jobqueue's lifecycle beans stopped (no workers, no"
                + " backlog sampling; partition maintenance keeps its hourly rounds), and a peer not being measured"
                + " has its workers stopped, so each system runs alone. The heap figures count only the drains of"
                + " jobqueue's default node, each after a full GC outside the timed window, so that the peers'"
                + " garbage is not counted.");
    }
}
