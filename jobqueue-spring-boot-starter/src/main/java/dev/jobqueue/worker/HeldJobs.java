package dev.jobqueue.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many jobs of one type this node holds (claimed, running or waiting for a handler
 * thread) and how many more a poller may claim.
 *
 * <p>A node holds up to {@code concurrency} running jobs plus a buffer, so that claims are
 * whole batches and the handlers never wait for a claim's round trip: while one batch is
 * being claimed, the one before it is still being worked off. The buffer adapts to how long
 * the handlers take: a buffered job waits at most about one poll interval for a handler, so
 * short jobs are claimed a batch at a time while slow ones are claimed only for free handlers
 * and stay available to other nodes. Until a handler has finished, there is no buffer.
 */
final class HeldJobs {

    private static final double SMOOTHING = 0.2;

    private final int concurrency;
    private final int batchSize;
    private final long bufferNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int held;
    private double averageRunNanos = Double.NaN;

    /**
     * @param concurrency handlers running at once
     * @param batchSize most jobs claimed at once; at most two batches are buffered
     * @param bufferTime how long buffered jobs may wait for a handler, in total
     */
    HeldJobs(int concurrency, int batchSize, Duration bufferTime) {
        this.concurrency = concurrency;
        this.batchSize = batchSize;
        this.bufferNanos = bufferTime.toNanos();
    }

    /**
     * Waits up to {@code wait} until a claim is worth making, then reserves room for it;
     * returns how many jobs to claim, or 0 when no room came free in time.
     */
    int reserve(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (true) {
                int buffer = buffer();
                int room = concurrency + buffer - held;
                // With a buffer, wait for room for a whole batch, or half the buffer if smaller.
                int worthClaiming = buffer == 0 ? 1 : Math.min(batchSize, (buffer + 1) / 2);
                if (room >= worthClaiming) {
                    int claim = Math.min(batchSize, room);
                    held += claim;
                    return claim;
                }
                if (nanos <= 0) {
                    return 0;
                }
                nanos = released.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back room a claim reserved but did not fill. */
    void release(int jobs) {
        if (jobs == 0) {
            return;
        }
        lock.lock();
        try {
            held -= jobs;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A handler finished one job after {@code nanos}. */
    void finished(long nanos) {
        lock.lock();
        try {
            averageRunNanos = Double.isNaN(averageRunNanos) ? nanos
                    : averageRunNanos + SMOOTHING * (nanos - averageRunNanos);
            held--;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Jobs held now, running or buffered. */
    int held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs that may wait for a handler: what the handlers run in the buffer time. Under the lock. */
    private int buffer() {
        if (Double.isNaN(averageRunNanos)) {
            return 0;
        }
        double jobs = concurrency * (bufferNanos / Math.max(averageRunNanos, 1.0));
        return (int) Math.min(2.0 * batchSize, Math.floor(jobs));
    }
}
