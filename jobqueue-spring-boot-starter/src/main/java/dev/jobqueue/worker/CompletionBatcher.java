package dev.jobqueue.worker;

import dev.jobqueue.persistence.ClaimedJob;
import dev.jobqueue.persistence.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records successful runs in batches: one thread takes whatever finished while the last
 * batch was being written and completes it with one statement, unless a poller took them
 * first to complete in its claim's transaction. While more jobs of the type
 * are running or waiting for a handler it lingers up to 20 ms for them, long enough for a busy
 * poller to take them into its next claim; when nothing else is held a completion is written
 * at once.
 */
final class CompletionBatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 500;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final JobQueue queue;
    private final LinkedBlockingDeque<ClaimedJob> pending = new LinkedBlockingDeque<>();
    private final Consumer<List<ClaimedJob>> onCompleted;
    private final Consumer<List<ClaimedJob>> onLost;
    private final IntSupplier stillHeld;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param stillHeld how many jobs of the type are still running or waiting for a handler:
     *     completions that will follow soon
     */
    CompletionBatcher(JobQueue queue, String name, Consumer<List<ClaimedJob>> onCompleted,
            Consumer<List<ClaimedJob>> onLost, IntSupplier stillHeld) {
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

    void add(ClaimedJob job) {
        pending.add(job);
    }

    /** Takes what is pending, for a poller to complete in its claim's transaction. */
    List<ClaimedJob> takePending() {
        List<ClaimedJob> taken = new ArrayList<>();
        pending.drainTo(taken, MAX_BATCH);
        return taken;
    }

    /** Gives back completions taken by {@link #takePending()} whose transaction failed. */
    void putBack(List<ClaimedJob> jobs) {
        pending.addAll(jobs);
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
        LOGGER.warn("{} completions were refused: those jobs were taken away after their lease expired "
                + "and will run again elsewhere: {}", refused.size(), refused);
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
        List<ClaimedJob> rest = new ArrayList<>(MAX_BATCH);
        while (pending.drainTo(rest, MAX_BATCH) > 0) {
            flush(rest);
            rest = new ArrayList<>(MAX_BATCH);
        }
    }

    private void loop() {
        while (running) {
            try {
                ClaimedJob first = pending.pollFirst(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Left in the queue while lingering, so that a poller can still take it.
                pending.offerFirst(first);
                if (!linger()) {
                    continue;
                }
                List<ClaimedJob> batch = new ArrayList<>(MAX_BATCH);
                pending.drainTo(batch, MAX_BATCH);
                if (!batch.isEmpty()) {
                    flush(batch);
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

    /** Completes the batch, trying again while running; gives up on it only when stopping. */
    private void flush(List<ClaimedJob> batch) {
        while (true) {
            try {
                recorded(batch, queue.completeAll(batch));
                return;
            } catch (RuntimeException e) {
                if (!running || !pause()) {
                    LOGGER.warn("Could not record {} completions while stopping; lease recovery will run them again",
                            batch.size(), e);
                    return;
                }
                LOGGER.warn("Could not record {} completions; trying again (their leases keep them safe)",
                        batch.size(), e);
            }
        }
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
