package dev.jobqueue.worker;

import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records successful runs, and the starts of runs, in batches: one thread takes whatever
 * finished or started while the last batch was being written and writes it in one transaction
 * (one statement for the completions, one for the starts of jobs still running), unless a
 * poller took them first to write in its claim's transaction. While more jobs of the type
 * are running or waiting for a handler it lingers up to 20 ms for them, long enough for a busy
 * poller to take them into its next claim; when nothing else is held they are written at once.
 * So a start is written within about 20 ms plus one write, and not at all when its job
 * completes before then (the completion says it ran).
 */
final class CompletionBatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 500;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final JobQueue queue;
    private final LinkedBlockingDeque<Entry> pending = new LinkedBlockingDeque<>();
    private final Consumer<List<ClaimedJob>> onCompleted;
    private final Consumer<List<ClaimedJob>> onLost;
    private final IntSupplier stillHeld;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param stillHeld how many jobs of the type are still running or waiting for a handler:
     *     completions that will follow soon
     */
    CompletionBatcher(
            JobQueue queue,
            String name,
            Consumer<List<ClaimedJob>> onCompleted,
            Consumer<List<ClaimedJob>> onLost,
            IntSupplier stillHeld) {
        this.queue = queue;
        this.stillHeld = stillHeld;
        this.onCompleted = onCompleted;
        this.onLost = onLost;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A run that finished successfully, or a run that started. */
    private record Entry(ClaimedJob job, boolean finished) {}

    /** Completions and starts taken together, to write in one transaction. */
    record Taken(List<ClaimedJob> finished, List<ClaimedJob> started) {}

    void add(ClaimedJob job) {
        pending.add(new Entry(job, true));
    }

    /** The handler of a held job was called: its start is written with the next batch. */
    void started(ClaimedJob job) {
        pending.add(new Entry(job, false));
    }

    /** Takes what is pending, for a poller to write in its claim's transaction. */
    Taken takePending() {
        List<Entry> taken = new ArrayList<>();
        pending.drainTo(taken, MAX_BATCH);
        return split(taken);
    }

    /** Gives back completions and starts taken by {@link #takePending()} whose transaction failed. */
    void putBack(Taken taken) {
        taken.finished().forEach(this::add);
        taken.started().forEach(this::started);
    }

    /** Reports completions written elsewhere: {@code refused} were no longer held. */
    void recorded(List<ClaimedJob> jobs, List<ClaimedJob> refused) {
        if (jobs.isEmpty()) {
            return;
        }
        if (refused.isEmpty()) {
            onCompleted.accept(jobs);
            return;
        }
        LOGGER.warn(
                "{} completions were refused: those jobs were taken away after their lease expired "
                        + "and will run again elsewhere: {}",
                refused.size(),
                refused);
        onLost.accept(refused);
        List<ClaimedJob> completed = new ArrayList<>(jobs);
        completed.removeAll(refused);
        onCompleted.accept(completed);
    }

    /** Writes what is pending and stops. */
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        List<Entry> rest = new ArrayList<>(MAX_BATCH);
        while (pending.drainTo(rest, MAX_BATCH) > 0) {
            flush(split(rest));
            rest = new ArrayList<>(MAX_BATCH);
        }
    }

    private void loop() {
        while (running) {
            try {
                Entry first = pending.pollFirst(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Left in the queue while lingering, so that a poller can still take it.
                pending.offerFirst(first);
                if (!linger()) {
                    continue;
                }
                List<Entry> batch = new ArrayList<>(MAX_BATCH);
                pending.drainTo(batch, MAX_BATCH);
                if (!batch.isEmpty()) {
                    flush(split(batch));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits while more jobs of the type are held, until a batch is pending or the linger time
     * is up; returns false when a poller took what was pending meanwhile.
     */
    private boolean linger() throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (running && pending.size() < MAX_BATCH && stillHeld.getAsInt() > 0) {
            if (pending.isEmpty()) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, LINGER_STEP_NANOS));
        }
        return true;
    }

    /** Writes the batch, trying again while running; gives up on it only when stopping. */
    private void flush(Taken batch) {
        while (true) {
            try {
                recorded(batch.finished(), queue.completeAll(batch.finished(), batch.started()));
                return;
            } catch (RuntimeException e) {
                if (!running || !pause()) {
                    LOGGER.warn(
                            "Could not record {} completions and {} starts while stopping; lease recovery will"
                                    + " run them again",
                            batch.finished().size(),
                            batch.started().size(),
                            e);
                    return;
                }
                LOGGER.warn(
                        "Could not record {} completions and {} starts; trying again (their leases keep them"
                                + " safe)",
                        batch.finished().size(),
                        batch.started().size(),
                        e);
            }
        }
    }

    private static Taken split(List<Entry> entries) {
        List<ClaimedJob> finished = new ArrayList<>(entries.size());
        List<ClaimedJob> started = new ArrayList<>();
        for (Entry entry : entries) {
            (entry.finished() ? finished : started).add(entry.job());
        }
        return new Taken(finished, started);
    }

    private boolean pause() {
        try {
            Thread.sleep(1000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
