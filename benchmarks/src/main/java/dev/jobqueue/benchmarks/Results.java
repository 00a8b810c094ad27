package dev.jobqueue.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The raw results of one run, filled in scenario by scenario, read by {@link ReportBuilder}. */
// why: the scenarios set these fields one by one before ReportBuilder reads them; no constructor can
@SuppressWarnings("NullAway.Init")
final class Results {

    // 1. Enqueue
    Measurement singleStarter;
    Latencies singleStarterLatency = new Latencies();
    Measurement singleBaseline;
    Latencies singleBaselineLatency = new Latencies();
    Measurement batchStarter;
    Measurement batchBaseline;

    // 2. End to end
    Measurement drainStarter;
    Measurement drainBaseline;
    Latencies baselineClaimsUnderLoad = new Latencies();
    Measurement mixedStarter;
    Measurement mixedBaseline;
    /** Every round's drain and batch-enqueue rate, in the order they ran. */
    String drainRounds = "";

    String purgeWaits = "";
    /** Diagnostic: the same drain with jobqueue.pool.dedicated=false. */
    @Nullable
    Measurement sharedPool;

    Latencies claimStarter;
    Latencies claimBaseline;

    /** Every system side by side, jobqueue at its defaults first. */
    final List<Contender> contenders = new ArrayList<>();
    /** The starter's drain with 1, 2, 4 ... worker processes on the same database, by process count. */
    final java.util.Map<Integer, Measurement> scale = new java.util.TreeMap<>();
    /** CPU per 1,000 jobs of the worker processes and the database, by process count. */
    final java.util.Map<Integer, String> scaleCpu = new java.util.TreeMap<>();
    /** Per count of worker processes: the share of the machine's cores busy during the drain (all processes). */
    final java.util.Map<Integer, Double> scaleBusy = new java.util.TreeMap<>();

    /** Issue 19: where jobqueue's enqueue and drain spend their time, from JFR; empty with --no-profile. */
    final JfrProfile profile = new JfrProfile();

    /** Issue #17: the default node's drain against one with tracing on. */
    final TracingCost tracing = new TracingCost();

    /** Issue #17: the default node's drain against ones with a cap and a rate limit that never bind. */
    final FlowControlCost flowControl = new FlowControlCost();

    /** Issue #19: plain INSERTs into copies of the tables without each index jobqueue adds. */
    final IndexCost indexCost = new IndexCost();

    // 3. Enqueue to start
    double latencyRate;
    Latencies oneNode;
    Latencies twoNodes;

    // 4. Idle
    ServerCounters.Delta idle;
    int idlePairs;

    // 5. Large tables
    double preloadSeconds;
    Measurement batchStarterLarge;
    Measurement drainStarterLarge;
    Measurement batchBaselineLarge;
    /** Plain INSERTs on the preloaded tables with random version-4 retry groups, then with time-ordered ones. */
    @Nullable
    Measurement batchRandomGroupsLarge;

    @Nullable
    Measurement batchOrderedGroupsLarge;

    Measurement drainBaselineLarge;
    Latencies claimStarterLarge;
    Latencies claimBaselineLarge;

    // 6. Heap during the starter's drain
    double heapPeakMb;
    double heapAfterGcMb;
    int heapCollections;

    String metrics = "not checked";
    int partitions;
    String depthCountPlan = "";
    double depthCountMs = Double.NaN;
    String claimPlan = "";
    String baselineClaimPlan = "";
    String claimPlanLarge = "";
    String movePlanLarge = "";
    String completePlanLarge = "";
    String dataPlanLarge = "";
    final List<String> checks = new ArrayList<>();
    final List<String> statementLogs = new ArrayList<>();
}
