package dev.jobqueue.worker;

import dev.jobqueue.persistence.ClaimedJob;
import dev.jobqueue.persistence.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records successful runs in batches: one thread takes whatever finished while the last
 * batch was being written and completes it with one statement. While more jobs of the type
 * are running or waiting for a handler it lingers a few milliseconds for them, so under load
 * a batch is about as large as a claim; when nothing else is held a completion is written at
 * once.
 */
final class CompletionBatcher {

    private static final Logger LOGGER = LoggerFactory.getLogger(CompletionBatcher.class);
    private static final int MAX_BATCH = 500;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final JobQueue queue;
    private final LinkedBlockingQueue<ClaimedJob> pending = new LinkedBlockingQueue<>();
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

    /** Writes what is pending and stops. */
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        flush(new ArrayList<>());
    }

    private void loop() {
        List<ClaimedJob> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                ClaimedJob first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    linger(batch);
                    flush(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits a little for the completions of jobs still held, up to a batch. */
    private void linger(List<ClaimedJob> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        pending.drainTo(batch, MAX_BATCH - batch.size());
        while (batch.size() < MAX_BATCH && stillHeld.getAsInt() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            ClaimedJob next = pending.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            pending.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void flush(List<ClaimedJob> batch) {
        pending.drainTo(batch, MAX_BATCH - batch.size());
        while (!batch.isEmpty()) {
            try {
                List<ClaimedJob> lost = queue.completeAll(batch);
                if (!lost.isEmpty()) {
                    LOGGER.warn("{} completions were refused: those jobs were taken away after their lease expired "
                            + "and will run again elsewhere: {}", lost.size(), lost);
                    onLost.accept(lost);
                }
                List<ClaimedJob> completed = new ArrayList<>(batch);
                completed.removeAll(lost);
                onCompleted.accept(completed);
                batch.clear();
                pending.drainTo(batch, MAX_BATCH);
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
