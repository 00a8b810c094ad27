package dev.jobqueue.benchmarks;

import java.util.Locale;

/**
 * The production changes this run's figures call for, each listed only when its evidence
 * was measured: a one-tuple UPDATE that walks the primary key, claims smaller than the batch
 * size, SET statements around every transaction, a slow queue-depth count, server-side
 * prepares of the INSERTs.
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
            report.change(String.format(
                    Locale.ROOT,
                    "**Key conditions that MariaDB can use for one job.** An"
                            + " UPDATE whose `(id, part) IN (...)` list holds one tuple walks the whole primary key (plans in"
                            + " the notes); the starter read %.0f rows per job on empty tables and %.0f on the preloaded ones,"
                            + " the baseline about 3. JobClaimer (move to processing), BatchCompleter (completion) and"
                            + " LeaseKeeper (heartbeat) build such lists; for one job write `id = ? AND part = ? [AND"
                            + " version = ?]`, or put `id IN (?, ...)` in front of the row list so that the range on the"
                            + " primary key exists for any length. A plan test like ClaimQueryPlanIntegrationTests, with a"
                            + " batch of one, keeps it.",
                    s.perJob(s.rowsRead(), n),
                    r.drainStarterLarge
                            .statements()
                            .perJob(r.drainStarterLarge.statements().rowsRead(), r.drainStarterLarge.jobs())));
        }
        double perClaim = n / Math.max(1.0, s.selects() / 2.0);
        if (perClaim < BenchmarkRun.DEFAULT_MAX_BATCH_SIZE / 4.0) {
            report.change(String.format(
                    Locale.ROOT,
                    "**Claims in the hundreds for no-op jobs.** The starter claimed %.1f"
                            + " jobs per claim at its default adaptive claims (up to %d): the buffer of held jobs"
                            + " (JobLedger, ClaimSizing) holds what the handlers run during two claims, so it stays small"
                            + " when handlers are slow or the measurement of their run time is too high.",
                    perClaim,
                    BenchmarkRun.DEFAULT_MAX_BATCH_SIZE));
        }
        if (s.commits() > 0 && (double) s.sets() / s.commits() >= 0.5) {
            report.change(String.format(
                    Locale.ROOT,
                    "**No SET statements around each transaction.** Every"
                            + " transaction of the starter sends %.1f SETs (isolation and auto-commit, set and reset): %.0f%%"
                            + " of its statements in the drain. jobqueue's own pool (jobqueue.pool.dedicated) should have"
                            + " them at READ COMMITTED with auto-commit off already; see why it was not used.",
                    (double) s.sets() / s.commits(),
                    100.0 * s.sets() / Math.max(1, s.questions())));
        }
        if (r.depthCountMs > 100) {
            report.change(String.format(
                    Locale.ROOT,
                    "**A cheaper queue-depth count.** The count behind the"
                            + " queue-depth gauge took %.0f ms on the preloaded tables (plan: %s); it should read only the"
                            + " scheduled and processing rows.",
                    r.depthCountMs,
                    r.depthCountPlan));
        }
        ServerCounters.Delta single = r.singleStarter.statements();
        if (single.prepares() > 0) {
            report.change(String.format(
                    Locale.ROOT,
                    "**Typed nulls in the INSERTs.** JobInserter binds null"
                            + " correlation ids and user fields without a type; Spring then calls getParameterMetaData(),"
                            + " which MariaDB Connector/J answers with a server-side prepare: %.1f extra round trips per"
                            + " single enqueue, one per 500-job chunk and table in a batch. Bind them with their SQL type.",
                    single.perJob(single.prepares(), r.singleStarter.jobs())));
        }
    }
}
