package dev.jobqueue.worker;

import dev.jobqueue.domain.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Every job of one type this node holds, each in an explicit {@link State}, and how many more
 * a poller may claim: the one ledger of a {@link TypeWorker}. Heartbeats extend exactly the
 * leases of the jobs it lists as {@link #leased()}; a job leaves it when its outcome was recorded
 * (or refused).
 *
 * <p>A node holds up to {@code concurrency} running jobs plus a buffer, so that claims are
 * whole batches and the handlers never wait for a claim's round trip: while one batch is
 * being claimed, the one before it is still being worked off. The buffer adapts to how long
 * the handlers take, as its {@link ClaimSizing} says: short jobs are claimed a batch at a time
 * while slow ones are claimed only for free handlers and stay available to other nodes. Until
 * a handler has finished, there is no buffer. Room is
 * taken by claims in flight ({@link #reserve}) and by jobs that occupy or wait for a handler
 * thread; a job whose handler returned and whose outcome is being recorded takes none.
 */
final class JobLedger {

    /** Where a held job is. */
    enum State {
        /** Claimed, waiting in the buffer for a handler thread. Leased, takes room. */
        BUFFERED,
        /** Its handler runs. Leased, takes room. */
        RUNNING,
        /** Its handler returned; its outcome is being recorded (or batched). Leased, takes no room. */
        AWAITING_RECORD,
        /**
         * Failed as timed out while its handler still runs: its outcome is recorded already and its
         * lease is no longer extended, but its thread is taken until the handler returns. Takes room.
         */
        TIMED_OUT
    }

    private static final double SMOOTHING = 0.2;

    private final int concurrency;
    private final ClaimSizing sizing;
    private final long bufferNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roomFreed = lock.newCondition();
    private final Map<JobId, Entry> entries = new LinkedHashMap<>();
    private int reserved;
    private int takingRoom;
    private double averageRunNanos = Double.NaN;
    private double averageClaimNanos = Double.NaN;

    private static final class Entry {

        private final JobRun run;
        private State state = State.BUFFERED;

        private Entry(JobRun run) {
            this.run = run;
        }
    }

    /**
     * A ledger with fixed-size claims.
     *
     * @param concurrency handlers running at once
     * @param batchSize most jobs claimed at once; at most two batches are buffered
     * @param bufferTime how long buffered jobs may wait for a handler, in total
     */
    JobLedger(int concurrency, int batchSize, Duration bufferTime) {
        this(concurrency, ClaimSizing.fixed(concurrency, batchSize), bufferTime);
    }

    /**
     * @param concurrency handlers running at once
     * @param sizing how large claims and the buffer may be
     * @param bufferTime how long buffered jobs may wait for a handler, in total
     */
    JobLedger(int concurrency, ClaimSizing sizing, Duration bufferTime) {
        this.concurrency = concurrency;
        this.sizing = sizing;
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
            int batchSize = sizing.batchSize();
            while (true) {
                int buffer = sizing.buffer(averageRunNanos, averageClaimNanos, bufferNanos);
                int room = concurrency + buffer - reserved - takingRoom;
                // With a buffer, wait for room for a whole batch, or half the buffer if smaller.
                int worthClaiming = buffer == 0 ? 1 : Math.min(batchSize, (buffer + 1) / 2);
                if (room >= worthClaiming) {
                    int claim = Math.min(batchSize, room);
                    reserved += claim;
                    return claim;
                }
                if (nanos <= 0) {
                    return 0;
                }
                nanos = roomFreed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A claim's round trip took {@code nanos}: the adaptive buffer covers what the handlers run meanwhile. */
    void claimTook(long nanos) {
        lock.lock();
        try {
            averageClaimNanos = smoothed(averageClaimNanos, nanos);
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives back room a claim reserved but did not use (the claim failed or found fewer jobs). */
    void release(int jobs) {
        if (jobs == 0) {
            return;
        }
        lock.lock();
        try {
            reserved -= jobs;
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A claim that reserved {@code reservedForIt} took {@code runs}: they are buffered, the rest of its room freed. */
    void claimed(List<JobRun> runs, int reservedForIt) {
        lock.lock();
        try {
            for (JobRun run : runs) {
                entries.put(run.job().id(), new Entry(run));
            }
            reserved -= reservedForIt;
            takingRoom += runs.size();
            if (runs.size() < reservedForIt) {
                roomFreed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Its handler starts: buffered to running. */
    void running(JobRun run) {
        move(run, State.BUFFERED, State.RUNNING);
    }

    /**
     * Its handler returned after {@code nanos}: its room is free. A running job awaits its record;
     * a timed-out one leaves the ledger, its outcome was recorded when it timed out.
     */
    void handlerEnded(JobRun run, long nanos) {
        lock.lock();
        try {
            averageRunNanos = smoothed(averageRunNanos, nanos);
            Entry entry = entries.get(run.job().id());
            if (entry != null && entry.run == run) {
                if (entry.state == State.TIMED_OUT) {
                    entries.remove(run.job().id());
                } else {
                    entry.state = State.AWAITING_RECORD;
                }
            }
            takingRoom--;
            roomFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A running job ran past its timeout: it is no longer leased, but its thread stays taken
     * until the handler returns. Returns whether it was running.
     */
    boolean timedOut(JobRun run) {
        return move(run, State.RUNNING, State.TIMED_OUT);
    }

    /** The outcome of the job was recorded, or refused because the job was taken away: it leaves the ledger. */
    void recorded(JobId id) {
        lock.lock();
        try {
            Entry entry = entries.get(id);
            if (entry != null && entry.state != State.TIMED_OUT) {
                entries.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The jobs whose leases this node keeps alive: buffered, running, and awaiting their record. */
    List<JobRun> leased() {
        return inStates(State.BUFFERED, State.RUNNING, State.AWAITING_RECORD);
    }

    /** The jobs whose handlers run now (not timed out). */
    List<JobRun> running() {
        return inStates(State.RUNNING);
    }

    /** The state of a held job, or null when the ledger does not hold it. */
    @Nullable
    State stateOf(JobId id) {
        lock.lock();
        try {
            Entry entry = entries.get(id);
            return entry == null ? null : entry.state;
        } finally {
            lock.unlock();
        }
    }

    /** Room taken now: claims in flight, and jobs buffered or occupying a handler thread. */
    int held() {
        lock.lock();
        try {
            return reserved + takingRoom;
        } finally {
            lock.unlock();
        }
    }

    private boolean move(JobRun run, State from, State to) {
        lock.lock();
        try {
            Entry entry = entries.get(run.job().id());
            if (entry == null || entry.run != run || entry.state != from) {
                return false;
            }
            entry.state = to;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private List<JobRun> inStates(State... states) {
        lock.lock();
        try {
            List<JobRun> runs = new ArrayList<>();
            for (Entry entry : entries.values()) {
                for (State state : states) {
                    if (entry.state == state) {
                        runs.add(entry.run);
                    }
                }
            }
            return runs;
        } finally {
            lock.unlock();
        }
    }

    private static double smoothed(double average, long nanos) {
        return Double.isNaN(average) ? nanos : average + SMOOTHING * (nanos - average);
    }
}
