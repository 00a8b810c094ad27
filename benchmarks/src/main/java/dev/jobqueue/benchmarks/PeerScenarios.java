package dev.jobqueue.benchmarks;

import java.util.concurrent.atomic.AtomicReference;

/** Batch enqueue, drain and end to end of a {@link Peer}, shaped as the starter's are. */
final class PeerScenarios {

    private final BenchDatabase db;

    PeerScenarios(BenchDatabase db) {
        this.db = db;
    }

    /** Enqueues {@code jobs} with the peer's batch API, 500 per call, workers stopped. */
    Measurement batchEnqueue(Peer peer, int jobs) throws Exception {
        return Measurement.of(db, jobs, () -> peer.enqueue(jobs));
    }

    /**
     * Starts the workers on the jobs already enqueued; timed until the last one is recorded as
     * finished. {@code firstRun} gets the milliseconds from the start to the first job run.
     */
    Measurement drain(Peer peer, int jobs, Latencies firstRun) throws Exception {
        long before = peer.runs();
        long target = before + jobs;
        Measurement measured = Measurement.of(db, jobs, () -> {
            long start = System.nanoTime();
            peer.startWorkers();
            Measurement.await(peer.name() + " first run", peer::runs, before + 1, StarterScenarios.TIMEOUT);
            firstRun.record((System.nanoTime() - start) / 1_000);
            await(peer, target);
        });
        peer.stopWorkers();
        return measured;
    }

    /**
     * One producer enqueues 500 at a time while the workers, started before the clock, run
     * them. {@code firstRun} gets the milliseconds from the start of the clock to the first job run.
     */
    Measurement mixed(Peer peer, int jobs, Latencies firstRun) throws Exception {
        long before = peer.runs();
        long target = before + jobs;
        peer.startWorkers();
        Measurement measured = Measurement.of(db, jobs, () -> {
            long start = System.nanoTime();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(
                    () -> {
                        try {
                            peer.enqueue(jobs);
                        } catch (Exception e) {
                            failure.set(e);
                        }
                    },
                    "peer-producer");
            producer.start();
            Measurement.await(peer.name() + " first run", peer::runs, before + 1, StarterScenarios.TIMEOUT);
            firstRun.record((System.nanoTime() - start) / 1_000);
            await(peer, target);
            producer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("The producer failed", failure.get());
            }
        });
        peer.stopWorkers();
        return measured;
    }

    private static void await(Peer peer, long target) throws Exception {
        Measurement.await(peer.name() + " runs", peer::runs, target, StarterScenarios.TIMEOUT);
        long deadline = System.nanoTime() + StarterScenarios.TIMEOUT.toNanos();
        while (peer.unfinished() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + StarterScenarios.TIMEOUT + " waiting for "
                        + peer.name() + " to record its jobs as finished");
            }
            Thread.sleep(2);
        }
    }
}
