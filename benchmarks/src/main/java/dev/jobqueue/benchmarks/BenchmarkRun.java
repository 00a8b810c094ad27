package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every scenario once, in an order that lets the nodes be reused: a worker node and a
 * producer-only node live for the whole run, each paused (no workers, no backlog sampling)
 * whenever it is not the one measured, so that the baseline runs alone; the tables are
 * truncated before each measurement.
 */
final class BenchmarkRun {

    private static final Logger LOGGER = LoggerFactory.getLogger(BenchmarkRun.class);
    /** jobqueue's default of {@code jobqueue.types.<name>.max-batch-size}, the bound of its adaptive claims. */
    static final int DEFAULT_MAX_BATCH_SIZE =
            new dev.jobqueue.boot.autoconfigure.JobQueueProperties.Type().getMaxBatchSize();

    /** jobqueue's default claims ({@code batch-size} not set), for the report. */
    static final String DEFAULT_CLAIMS = "adaptive, up to max-batch-size " + DEFAULT_MAX_BATCH_SIZE;

    /** The claim of {@code JobClaimer} as docs/queue.md gives it, for {@code EXPLAIN}. */
    private static final String PRODUCTION_CLAIM = """
            SELECT id, part, state, sub_state, pending_execution, version, correlation_id, process_at
            FROM %s FORCE INDEX (claim_index)
            WHERE job_type = ? AND state = 1 AND tenant = ? AND sub_state IN (10, 11)
            ORDER BY id
            LIMIT ?
            FOR UPDATE SKIP LOCKED
            """;

    private final BenchmarkOptions options;
    private final BenchDatabase db;
    private final StarterScenarios starter;
    private final BaselineScenarios baseline;
    private final PeerScenarios peerScenarios;
    private final Results results = new Results();

    BenchmarkRun(BenchmarkOptions options, BenchDatabase db) {
        this.options = options;
        this.db = db;
        this.starter = new StarterScenarios(db);
        this.baseline = new BaselineScenarios(db);
        this.peerScenarios = new PeerScenarios(db);
    }

    Results run() throws Exception {
        int jobs = options.jobs();
        int workers = options.workers();
        int batch = options.batchSize();
        List<Peer> peers = new ArrayList<>();
        try (StarterNode worker = StarterNode.worker("worker", db, workers, null);
                StarterNode tuned = StarterNode.worker("worker-tuned", db, workers, batch);
                StarterNode producer = StarterNode.producer("producer", db)) {
            worker.pause();
            tuned.pause();
            producer.pause();
            if (options.peers()) {
                peers.add(new DbSchedulerPeer(db, workers));
                peers.add(new JobRunrPeer(db, workers));
            }
            results.partitions = db.partitions(db.table().jobs());
            warmUp(worker, producer, peers);
            enqueue(producer);
            endToEnd(worker, tuned, peers, jobs, workers, batch);
            if (options.profile()) {
                results.profile.run(db, starter, worker, producer, options);
            }
            results.tracing.run(db, starter, worker, options);
            results.flowControl.run(db, starter, worker, options);
            for (Peer peer : peers) {
                peer.close();
            }
            peers.clear();
            tuned.close();
            if (options.indexCost()) {
                results.indexCost.run(db, options);
            }
            claimLatency(producer, batch);
            if (options.whatIf()) {
                whatIf(jobs);
            }
            enqueueToStart(worker, producer);
            if (!options.scaleProcesses().isEmpty()) {
                new ScaleScenario(options, db, producer, results).run();
            }
            largeTables(worker, producer, jobs, workers, batch);
            producer.close();
            idle(worker);
        } finally {
            for (Peer peer : peers) {
                peer.close();
            }
        }
        results.purgeWaits = db.purgeWaits();
        return results;
    }

    /** One untimed round of the throughput scenarios, so that every side is measured with warm JIT and pools. */
    private void warmUp(StarterNode worker, StarterNode producer, List<Peer> peers) throws Exception {
        int jobs = options.warmupJobs();
        if (jobs == 0) {
            return;
        }
        LOGGER.info("Warm-up: {} jobs through each side", jobs);
        db.truncate();
        starter.batchEnqueue(worker, jobs);
        starter.drain(worker, jobs);
        db.truncate();
        baseline.batchEnqueue(jobs);
        baseline.drain(options.workers(), options.batchSize(), jobs, new Latencies());
        for (Peer peer : peers) {
            peer.clear();
            peerScenarios.batchEnqueue(peer, jobs);
            peerScenarios.drain(peer, jobs, new Latencies());
            peer.clear();
            peerScenarios.mixed(peer, jobs, new Latencies());
            peer.clear();
        }
        int single = Math.min(jobs, options.singleJobs()) / 2;
        db.truncate();
        starter.singleEnqueue(producer, options.singleThreads(), single, new Latencies());
        baseline.singleEnqueue(options.singleThreads(), single, new Latencies());
        db.truncate();
        starter.claimLatency(producer, 5, options.batchSize());
        baseline.claimLatency(5, options.batchSize());
    }

    private void enqueue(StarterNode producer) throws Exception {
        LOGGER.info("1. Single enqueue: {} jobs from {} threads", options.singleJobs(), options.singleThreads());
        List<Measurement> singleStarter = new ArrayList<>();
        List<Measurement> singleBaseline = new ArrayList<>();
        // Alternated like the drains; the latencies of every round are pooled.
        for (int round = 1; round <= options.rounds(); round++) {
            db.truncate();
            singleStarter.add(starter.singleEnqueue(
                    producer, options.singleThreads(), options.singleJobs(), results.singleStarterLatency));
            db.truncate();
            singleBaseline.add(baseline.singleEnqueue(
                    options.singleThreads(), options.singleJobs(), results.singleBaselineLatency));
        }
        results.singleStarter = Measurement.median(singleStarter);
        results.singleBaseline = Measurement.median(singleBaseline);
    }

    private void endToEnd(StarterNode worker, StarterNode tuned, List<Peer> peers, int jobs, int workers, int batch)
            throws Exception {
        LOGGER.info("1./2. Batch enqueue of {} jobs, then drain with {} workers", jobs, workers);
        Contender defaults = new Contender(
                "jobqueue " + BenchmarkMain.version() + ", defaults",
                "none (`jobqueue.types.noop.concurrency` " + workers + " is the worker count)");
        Contender tunedRow = new Contender(
                "jobqueue " + BenchmarkMain.version() + ", batch-size " + batch,
                "`jobqueue.types.noop.batch-size` " + batch + " (default: " + DEFAULT_CLAIMS + ")");
        Contender plain = new Contender(
                "plain JDBC loop on jobqueue's tables",
                "claims of " + batch + " (`LIMIT " + batch + " FOR UPDATE SKIP LOCKED`), " + workers + " threads");
        List<Contender> others = new ArrayList<>();
        for (Peer peer : peers) {
            others.add(new Contender(peer.name(), peer.settings()));
        }
        try (HeapMonitor heap = new HeapMonitor()) {
            heap.pause();
            for (int round = 1; round <= options.rounds(); round++) {
                db.truncate();
                defaults.batches.add(starter.batchEnqueue(worker, jobs));
                clearStatementLog();
                heap.resume();
                defaults.drains.add(starter.drain(worker, jobs));
                heap.pause();
                noteStatementLog("starter drain, empty tables, round " + round);
                check("starter drain, round " + round, db.countByState().toString());
                db.truncate();
                tunedRow.batches.add(starter.batchEnqueue(tuned, jobs));
                tunedRow.drains.add(starter.drain(tuned, jobs));
                check(
                        "starter drain, batch-size " + batch + ", round " + round,
                        db.countByState().toString());
                db.truncate();
                plain.batches.add(baseline.batchEnqueue(jobs));
                plain.drains.add(baseline.drain(workers, batch, jobs, results.baselineClaimsUnderLoad));
                noteStatementLog("baseline drain, empty tables, round " + round);
                check("baseline drain, round " + round, db.countByState().toString());
                db.truncate();
                for (int i = 0; i < peers.size(); i++) {
                    Peer peer = peers.get(i);
                    Contender row = others.get(i);
                    peer.clear();
                    row.batches.add(peerScenarios.batchEnqueue(peer, jobs));
                    long runs = peer.runs();
                    row.drains.add(peerScenarios.drain(peer, jobs, row.firstRun));
                    check(
                            peer.name() + " drain, round " + round,
                            (peer.runs() - runs) + " runs, " + peer.unfinished() + " jobs unfinished");
                    peer.clear();
                }
            }
            results.heapPeakMb = heap.peakUsedMb();
            results.heapAfterGcMb = heap.maxAfterGcMb();
            results.heapCollections = heap.collections();
        }
        results.metrics = worker.metrics();
        results.batchStarter = defaults.batch();
        results.drainStarter = defaults.drain();
        results.batchBaseline = plain.batch();
        results.drainBaseline = plain.drain();
        results.drainRounds = "starter " + Measurement.rates(defaults.drains) + "; baseline "
                + Measurement.rates(plain.drains) + "; batch enqueue starter " + Measurement.rates(defaults.batches)
                + ", baseline " + Measurement.rates(plain.batches);

        LOGGER.info("2. Producer and workers at the same time: {} jobs", jobs);
        db.truncate();
        results.mixedStarter = starter.mixed(worker, jobs);
        defaults.mixed = results.mixedStarter;
        check("starter mixed", db.countByState().toString());
        db.truncate();
        tunedRow.mixed = starter.mixed(tuned, jobs);
        check("starter mixed, batch-size " + batch, db.countByState().toString());
        db.truncate();
        results.mixedBaseline = baseline.mixed(workers, batch, jobs);
        plain.mixed = results.mixedBaseline;
        check("baseline mixed", db.countByState().toString());
        db.truncate();
        for (int i = 0; i < peers.size(); i++) {
            Peer peer = peers.get(i);
            peer.clear();
            long runs = peer.runs();
            others.get(i).mixed = peerScenarios.mixed(peer, jobs, others.get(i).firstRunMixed);
            check(peer.name() + " mixed", (peer.runs() - runs) + " runs, " + peer.unfinished() + " jobs unfinished");
            peer.clear();
        }
        results.contenders.add(defaults);
        results.contenders.add(tunedRow);
        results.contenders.add(plain);
        results.contenders.addAll(others);
    }

    private void claimLatency(StarterNode producer, int batch) throws Exception {
        LOGGER.info("Claim latency: {} claims of {} on empty tables", options.probeClaims(), batch);
        db.truncate();
        results.claimStarter = starter.claimLatency(producer, options.probeClaims(), batch);
        db.truncate();
        results.claimBaseline = baseline.claimLatency(options.probeClaims(), batch);
        results.claimPlan = explainProductionClaim(batch);
        results.baselineClaimPlan = db.explain(
                baseline.baseline().claimSql(),
                NoopHandler.TYPE_ID,
                StarterNode.TENANT,
                JobId.lowerBound((Instant.now().getEpochSecond() + 1) * 1000),
                batch);
    }

    /**
     * A diagnostic drain, not a target setting: the same workers on the application's pool
     * ({@code jobqueue.pool.dedicated=false}), whose transactions set and reset isolation and
     * auto-commit: what jobqueue's own pool is worth.
     */
    private void whatIf(int jobs) throws Exception {
        LOGGER.info("What-if: the same drain on the application's pool");
        db.truncate();
        try (StarterNode shared = StarterNode.worker(
                "shared-pool", db, options.workers(), null, Map.of("jobqueue.pool.dedicated", false))) {
            shared.pause();
            shared.scheduleBatches(jobs, RowWriter.CHUNK);
            results.sharedPool = starter.drain(shared, jobs);
        }
    }

    private void enqueueToStart(StarterNode worker, StarterNode producer) throws Exception {
        results.latencyRate = results.drainStarter.perSecond() / 2;
        LOGGER.info(
                "3. Enqueue-to-start latency at {} jobs/s for {} s, one node then two",
                (int) results.latencyRate,
                options.latencySeconds());
        db.truncate();
        worker.resume();
        results.oneNode =
                starter.enqueueToStart(worker.scheduler(), worker, results.latencyRate, options.latencySeconds());
        awaitUnfinished();
        db.truncate();
        producer.resume();
        results.twoNodes =
                starter.enqueueToStart(producer.scheduler(), worker, results.latencyRate, options.latencySeconds());
        awaitUnfinished();
        producer.pause();
        worker.pause();
    }

    /** Waits until the worker has finished what it holds, so that no truncation pulls a job from under it. */
    private void awaitUnfinished() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<Integer, Long> counts = db.countByState();
            if (counts.getOrDefault(1, 0L) == 0 && counts.getOrDefault(2, 0L) == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(
                "Jobs still unfinished 60 s after the enqueue-to-start run: " + db.countByState());
    }

    private void largeTables(StarterNode worker, StarterNode producer, int jobs, int workers, int batch)
            throws Exception {
        LOGGER.info("5. Preloading {} finished and {} future jobs", options.finishedRows(), options.futureRows());
        db.truncate();
        results.preloadSeconds = new Preloader(db).preload(options.finishedRows(), options.futureRows());
        check("after preload", db.countByState().toString());
        LOGGER.info("5. End to end and claim latency on the preloaded tables");
        results.batchStarterLarge = starter.batchEnqueue(worker, jobs);
        clearStatementLog();
        results.drainStarterLarge = starter.drain(worker, jobs);
        noteStatementLog("starter drain, large tables");
        results.batchBaselineLarge = baseline.batchEnqueue(jobs);
        results.drainBaselineLarge = baseline.drain(workers, batch, jobs, new Latencies());
        results.claimStarterLarge = starter.claimLatency(producer, options.probeClaims(), batch);
        results.claimBaselineLarge = baseline.claimLatency(options.probeClaims(), batch);
        results.claimPlanLarge = explainProductionClaim(batch);
        explainUpdatesByKey();
        depthCount();
        check("large tables", db.countByState().toString());
        LOGGER.info("5. Plain batch enqueue on the preloaded tables: random retry groups, then time-ordered");
        results.batchRandomGroupsLarge = baseline.batchEnqueueRandomRetryGroups(jobs);
        results.batchOrderedGroupsLarge = baseline.batchEnqueue(jobs);
    }

    private void idle(StarterNode worker) throws Exception {
        LOGGER.info(
                "4. Idle load: {} s of warm-up, then {} s measured",
                options.idleWarmupSeconds(),
                options.idleSeconds());
        db.truncate();
        worker.resume();
        Thread.sleep(options.idleWarmupSeconds() * 1000L);
        ServerCounters before = db.counters();
        Thread.sleep(options.idleSeconds() * 1000L);
        results.idle = db.counters().since(before);
        results.idlePairs = 1;
    }

    /**
     * The claim's move to processing and the batch completion as JobClaimer and BatchCompleter
     * send them, for one job and for two: the optimizer treats a one-tuple row IN differently.
     */
    private void explainUpdatesByKey() throws Exception {
        Instant now = Instant.now();
        JobId a = JobId.forRunAt(now);
        JobId b = JobId.forRunAt(now);
        Object partA = RowWriter.part(a.part());
        Object partB = RowWriter.part(b.part());
        String move = "UPDATE " + db.table().jobs() + " SET state = 2, sub_state = 20, version = version + 1"
                + " WHERE (id, part) IN (%s)";
        String complete = "UPDATE " + db.table().jobs() + " SET state = 3, sub_state = 30, version = version + 1,"
                + " lease_expires_at = NULL WHERE state = 2 AND (id, part, version) IN (%s)";
        results.movePlanLarge = "one job: " + db.explain(move.formatted("(?, ?)"), a.value(), partA) + "; two jobs: "
                + db.explain(move.formatted("(?, ?), (?, ?)"), a.value(), partA, b.value(), partB);
        results.completePlanLarge = "one job: " + db.explain(complete.formatted("(?, ?, ?)"), a.value(), partA, 2)
                + "; two jobs: "
                + db.explain(complete.formatted("(?, ?, ?), (?, ?, ?)"), a.value(), partA, 2, b.value(), partB, 2);
        results.dataPlanLarge = db.explain(
                "SELECT id, properties, string_udf_1, string_udf_2, int_udf_1, int_udf_2,"
                        + " retry_group, attempt FROM " + db.table().jobsData() + " WHERE (id, part) IN ((?, ?))",
                a.value(),
                partA);
    }

    /**
     * The count behind the starter's queue-depth gauge (JobReader's count of unfinished jobs), which its
     * backlog sampler runs for every served queue every {@code jobqueue.metrics.sample-interval}:
     * timed on the preloaded tables, best of three.
     */
    private void depthCount() throws Exception {
        String count = "SELECT state, COUNT(*) AS jobs FROM " + db.table().jobs()
                + " FORCE INDEX (claim_index) WHERE job_type = ? AND state IN (1, 2) AND tenant = ? GROUP BY state";
        results.depthCountPlan = db.explain(count, NoopHandler.TYPE_ID, StarterNode.TENANT);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            db.countByState(count, NoopHandler.TYPE_ID, StarterNode.TENANT);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        results.depthCountMs = best;
    }

    private String explainProductionClaim(int batch) throws Exception {
        return db.explain(
                PRODUCTION_CLAIM.formatted(db.table().jobs()), NoopHandler.TYPE_ID, StarterNode.TENANT, batch);
    }

    private void clearStatementLog() throws Exception {
        if (options.statementLog()) {
            db.loggedStatements();
        }
    }

    private void noteStatementLog(String what) throws Exception {
        if (options.statementLog()) {
            String logged = db.loggedStatements();
            LOGGER.info("Statements of the {}: {}", what, logged);
            results.statementLogs.add(what + ": " + logged);
        }
    }

    private void check(String what, String counts) {
        LOGGER.info("Rows by state after {}: {}", what, counts);
        results.checks.add(what + ": " + counts);
    }
}
