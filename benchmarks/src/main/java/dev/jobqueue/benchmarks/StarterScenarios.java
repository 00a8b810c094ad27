package dev.jobqueue.benchmarks;

import dev.jobqueue.domain.NewJob;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.scheduling.JobScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The scenarios run through the full starter: its scheduler, its workers, its queue. */
final class StarterScenarios {

    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final BenchDatabase db;

    StarterScenarios(BenchDatabase db) {
        this.db = db;
    }

    /** {@code scheduleAll} of 500 jobs at a time from one thread. */
    Measurement batchEnqueue(StarterNode node, int jobs) throws Exception {
        return Measurement.of(db, jobs, () -> node.scheduleBatches(jobs, RowWriter.CHUNK));
    }

    /**
     * {@code schedule} of one job at a time from {@code threads} threads of a node that is
     * running for the time being; each call is timed.
     */
    Measurement singleEnqueue(StarterNode node, int threads, int jobs, Latencies latencies) throws Exception {
        JobScheduler scheduler = node.scheduler();
        int perThread = Math.max(1, jobs / threads);
        node.resume();
        Measurement measured = Measurement.of(
                db,
                (long) perThread * threads,
                () -> Parallel.run(threads, "single-enqueue", t -> {
                    for (int i = 0; i < perThread; i++) {
                        long start = System.nanoTime();
                        scheduler.schedule(node.job(Latencies.nowMicros()));
                        latencies.record((System.nanoTime() - start) / 1_000);
                    }
                }));
        node.pause();
        return measured;
    }

    /**
     * Drains the jobs already enqueued while the node's workers were paused: from the moment
     * they start to the moment the last job is recorded as done. The workers are paused again
     * afterwards, so that they take nothing of the next scenario.
     */
    Measurement drain(StarterNode worker, int jobs) throws Exception {
        NoopHandler handler = worker.handler();
        long target = handler.runs() + jobs;
        Measurement measured = Measurement.of(db, jobs, () -> {
            worker.resume();
            Measurement.await("no-op runs", handler::runs, target, TIMEOUT);
            Measurement.awaitRecorded(db, TIMEOUT);
        });
        worker.pause();
        return measured;
    }

    /**
     * One producer thread schedules 500 at a time while the workers, started before the
     * clock, drain; paused again afterwards.
     */
    Measurement mixed(StarterNode worker, int jobs) throws Exception {
        NoopHandler handler = worker.handler();
        long target = handler.runs() + jobs;
        worker.resume();
        Measurement measured = Measurement.of(db, jobs, () -> {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread producer = new Thread(
                    () -> {
                        try {
                            worker.scheduleBatches(jobs, RowWriter.CHUNK);
                        } catch (RuntimeException e) {
                            failure.set(e);
                        }
                    },
                    "starter-producer");
            producer.start();
            Measurement.await("no-op runs", handler::runs, target, TIMEOUT);
            Measurement.awaitRecorded(db, TIMEOUT);
            producer.join();
            if (failure.get() != null) {
                throw new IllegalStateException("The producer failed", failure.get());
            }
        });
        worker.pause();
        return measured;
    }

    /**
     * Times {@code claims} calls of {@link JobQueue#claim} for {@code batch} jobs each, one
     * after another with nothing else running, completing each batch untimed.
     */
    Latencies claimLatency(StarterNode producer, int claims, int batch) {
        producer.resume();
        producer.scheduleBatches(claims * batch, RowWriter.CHUNK);
        JobQueue queue = producer.queue();
        Latencies latencies = new Latencies();
        for (int i = 0; i < claims; i++) {
            long start = System.nanoTime();
            ClaimBatch claimed =
                    queue.claim(Tenant.of(StarterNode.TENANT), NoopHandler.TYPE, batch, Duration.ofMinutes(5));
            latencies.record((System.nanoTime() - start) / 1_000);
            queue.completeAll(claimed.jobs());
        }
        producer.pause();
        return latencies;
    }

    /**
     * Schedules jobs at {@code rate} per second for {@code seconds} (a {@code scheduleAll}
     * every 10 ms) and records, in the worker node's handler, how long each job waited from
     * just before it was scheduled to the start of its handler. The first 2 seconds warm up.
     */
    Latencies enqueueToStart(JobScheduler scheduler, StarterNode worker, double rate, int seconds)
            throws InterruptedException {
        NoopHandler handler = worker.handler();
        Latencies latencies = new Latencies();
        long startMicros = Latencies.nowMicros();
        handler.record(latencies, startMicros + 2_000_000);
        long before = handler.runs();
        long tickNanos = 10_000_000;
        long next = System.nanoTime();
        long end = next + seconds * 1_000_000_000L;
        double owed = 0;
        long scheduled = 0;
        while (next < end) {
            owed += rate * tickNanos / 1e9;
            int count = (int) owed;
            owed -= count;
            if (count > 0) {
                List<NewJob> jobs = new ArrayList<>(count);
                long now = Latencies.nowMicros();
                for (int i = 0; i < count; i++) {
                    jobs.add(worker.job(now));
                }
                scheduler.scheduleAll(jobs);
                scheduled += count;
            }
            next += tickNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        Measurement.await("late runs", handler::runs, before + scheduled, Duration.ofMinutes(2));
        handler.stopRecording();
        return latencies;
    }
}
