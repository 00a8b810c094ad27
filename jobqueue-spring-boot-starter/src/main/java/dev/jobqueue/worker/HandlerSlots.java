package dev.jobqueue.worker;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which claimed jobs of one type go straight to a free handler thread, so that the claim itself
 * can record their runs as started.
 *
 * <p>A claim opens with the room it reserved; the handler threads that no run and no earlier open
 * claim can take are free for it, and it may start that many of its jobs at once. Claims hand
 * their jobs to the executor in the order they opened, so the jobs of a later claim never take
 * the threads an earlier claim counted on, even when its transaction commits first. A job counts
 * from being handed out until its handler returned; the thread then hands its outcome over (a
 * completion to the batcher at once, a failure with one write) and takes the next job.
 */
final class HandlerSlots {

    private final int concurrency;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private int handedOut;
    private int claiming;
    private long nextTicket;
    private long served;

    /** A claim in flight: its place in line, the room it reserved, and how many of its jobs start at once. */
    record Claim(long ticket, int reserved, int startNow) {}

    HandlerSlots(int concurrency) {
        this.concurrency = concurrency;
    }

    /** Opens a claim of up to {@code reserved} jobs. */
    Claim open(int reserved) {
        lock.lock();
        try {
            int free = concurrency - handedOut - claiming;
            claiming += reserved;
            return new Claim(nextTicket++, reserved, Math.max(0, Math.min(reserved, free)));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the claims opened before are closed, then runs {@code handOut}, which gives the
     * executor the claim's {@code jobs} (none when the claim failed), and closes the claim.
     */
    void close(Claim claim, int jobs, Runnable handOut) {
        lock.lock();
        try {
            while (served != claim.ticket()) {
                turn.awaitUninterruptibly();
            }
            try {
                claiming -= claim.reserved();
                handedOut += jobs;
                handOut.run();
            } finally {
                served++;
                turn.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A handler thread is done with a job. */
    void ended() {
        lock.lock();
        try {
            handedOut--;
        } finally {
            lock.unlock();
        }
    }
}
