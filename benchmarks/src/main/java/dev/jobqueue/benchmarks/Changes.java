package dev.jobqueue.benchmarks;

import java.util.Locale;

/**
 * The production changes this run's figures call for, each listed only when its evidence
 * was measured: a one-tuple UPDATE that walks the primary key, claims smaller than the batch
 * size, SET statements around every transaction, server-side prepares of the INSERTs.
 */
final class Changes {

    private final BenchmarkOptions options;
    private final Results r;
    private final Report report;

    Changes(BenchmarkOptions options, Results results, Report report) {
        this.options = options;
        this.r = results;
        this.report = report;
    }

    void all() {
        ServerCounters.Delta s = r.drainStarter.statements();
        long n = r.drainStarter.jobs();
        if (r.movePlanLarge.startsWith("one job: type=index")
                && (Verdicts.scans(r.drainStarter) || Verdicts.scans(r.drainStarterLarge))) {
            report.change(String.format(Locale.ROOT, "**Key conditions that MariaDB can use for one job.** An"
                    + " UPDATE whose `(id, part) IN (...)` list holds one tuple walks the whole primary key (plans in"
                    + " the notes); the starter read %.0f rows per job on empty tables and %.0f on the preloaded ones,"
                    + " the baseline about 3. JobClaimer (move to processing), BatchCompleter (completion) and"
                    + " LeaseKeeper (heartbeat) build such lists; for one job write `id = ? AND part = ? [AND"
                    + " version = ?]`, or put `id IN (?, ...)` in front of the row list so that the range on the"
                    + " primary key exists for any length. A plan test like ClaimQueryPlanIntegrationTests, with a"
                    + " batch of one, keeps it.", s.perJob(s.rowsRead(), n),
                    r.drainStarterLarge.statements().perJob(r.drainStarterLarge.statements().rowsRead(),
                            r.drainStarterLarge.jobs())));
        }
        double perClaim = n / Math.max(1.0, s.selects() / 2.0);
        if (perClaim < options.batchSize() / 2.0) {
            report.change(String.format(Locale.ROOT, "**Claims as large as the batch size.** A poller claims only"
                    + " the free handler slots of its type (TypeWorker.acquireSlots), so with concurrency %d a claim"
                    + " is at most %d jobs whatever batch-size says: %.1f jobs per claim here against the baseline's"
                    + " %d. Claim up to batch-size into a bounded buffer of held jobs that the handler threads take"
                    + " from (heartbeats cover buffered jobs like running ones). The diagnostic drain with"
                    + " concurrency %d shows what that is worth: %s jobs/s against %s.", options.workers(),
                    options.workers(), perClaim, options.batchSize(), options.batchSize(),
                    r.whatIf == null ? "not run" : Report.number(r.whatIf.perSecond()),
                    Report.number(r.drainStarter.perSecond())));
        }
        if (s.sets() > 0 && s.commits() > 0) {
            report.change(String.format(Locale.ROOT, "**No SET statements around each transaction.** Every"
                    + " transaction of the starter sends %.1f SETs (READ COMMITTED and back, autocommit off and on):"
                    + " %.0f%% of its statements in the drain. With the pool's connections at READ COMMITTED"
                    + " (`spring.datasource.hikari.transaction-isolation`) Spring skips the isolation pair; document"
                    + " it,"
                    + " or detect it and use the default isolation. The diagnostic drain with it: %s jobs/s.",
                    (double) s.sets() / s.commits(), 100.0 * s.sets() / Math.max(1, s.questions()),
                    r.whatIfPooled == null ? "not run" : Report.number(r.whatIfPooled.perSecond())));
        }
        if (r.depthCountMs > 100) {
            report.change(String.format(Locale.ROOT, "**A queue-depth gauge that does not count finished jobs.** The"
                    + " backlog sampler counts every row of a tenant and type by state every 15 s on every node that"
                    + " serves it: %.0f ms on the preloaded tables (plan: %s), growing with the history kept. Count"
                    + " only the states 1 and 2 (`state IN (1, 2)`, a range of job_type_index) and leave done and"
                    + " failed to the completion counters.", r.depthCountMs, r.depthCountPlan));
        }
        ServerCounters.Delta single = r.singleStarter.statements();
        if (single.prepares() > 0) {
            report.change(String.format(Locale.ROOT, "**Typed nulls in the INSERTs.** JobInserter binds null"
                    + " correlation ids and user fields without a type; Spring then calls getParameterMetaData(),"
                    + " which MariaDB Connector/J answers with a server-side prepare: %.1f extra round trips per"
                    + " single enqueue, one per 500-job chunk and table in a batch. Bind them with their SQL type.",
                    single.perJob(single.prepares(), r.singleStarter.jobs())));
        }
    }
}
