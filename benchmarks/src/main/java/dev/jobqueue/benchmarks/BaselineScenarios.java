package dev.jobqueue.benchmarks;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;

/** The scenarios run through the plain JDBC baseline, shaped as the starter's are. */
final class BaselineScenarios {

    private final BenchDatabase db;
    private final JdbcBaseline baseline;

    BaselineScenarios(BenchDatabase db) {
        this.db = db;
        this.baseline = new JdbcBaseline(db, NoopHandler.TYPE_ID, StarterNode.TENANT);
    }

    JdbcBaseline baseline() {
        return baseline;
    }

    Measurement batchEnqueue(int jobs) throws Exception {
        return Measurement.of(db, jobs, () -> baseline.insert(jobs));
    }

    /** As {@link #batchEnqueue(int)}, with random version-4 retry groups instead of time-ordered ones. */
    Measurement batchEnqueueRandomRetryGroups(int jobs) throws Exception {
        return Measurement.of(db, jobs, () -> baseline.insertWithRandomRetryGroups(jobs));
    }

    Measurement singleEnqueue(int threads, int jobs, Latencies latencies) throws Exception {
        int perThread = Math.max(1, jobs / threads);
        return Measurement.of(
                db,
                (long) perThread * threads,
                () -> Parallel.run(threads, "baseline-single", t -> {
                    try (Connection connection = baseline.open()) {
                        for (int i = 0; i < perThread; i++) {
                            long start = System.nanoTime();
                            baseline.insertOne(connection);
                            latencies.record((System.nanoTime() - start) / 1_000);
                        }
                    }
                }));
    }

    Measurement drain(int threads, int batch, int jobs, Latencies claims) throws Exception {
        return Measurement.of(db, jobs, () -> baseline.drain(threads, batch, jobs, claims));
    }

    /** One producer inserts 500 at a time while the claimers drain. */
    Measurement mixed(int threads, int batch, int jobs) throws Exception {
        return Measurement.of(db, jobs, () -> {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(
                    () -> {
                        try {
                            baseline.insert(jobs);
                        } catch (Exception e) {
                            failure.set(e);
                        }
                    },
                    "baseline-producer");
            producer.start();
            baseline.drain(threads, batch, jobs, new Latencies());
            producer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("The producer failed", failure.get());
            }
        });
    }

    /** Claims of {@code batch} jobs one after another on one connection, each timed to its commit. */
    Latencies claimLatency(int claims, int batch) throws Exception {
        baseline.insert(claims * batch);
        Latencies latencies = new Latencies();
        try (Connection connection = baseline.open()) {
            for (int i = 0; i < claims; i++) {
                baseline.claimAndComplete(connection, batch, latencies);
            }
        }
        return latencies;
    }
}
