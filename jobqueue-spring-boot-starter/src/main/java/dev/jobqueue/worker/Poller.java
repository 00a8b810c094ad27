package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the jobs of one tenant and type for its {@link TypeWorker}: batches sized to the room
 * its worker has (free handlers and a buffer), the next claim at once when a batch came back
 * full, after half a poll interval when it found some jobs, and a doubling pause up to the
 * maximum poll interval while idle, cut short when a job is due or when this JVM schedules one.
 */
final class Poller implements Runnable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Poller.class);

    private final TypeWorker worker;
    private final Tenant tenant;
    private final WorkerSettings settings;
    private final PauseWatch pauses;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    private boolean woken;
    private volatile boolean running = true;
    private volatile Instant lastPoll = Instant.EPOCH;
    private final OutageLog outages;

    Poller(TypeWorker worker, Tenant tenant, WorkerSettings settings, PauseWatch pauses, OutageLog outages) {
        this.outages = outages;
        this.worker = worker;
        this.tenant = tenant;
        this.settings = settings;
        this.pauses = pauses;
    }

    Tenant tenant() {
        return tenant;
    }

    JobType type() {
        return worker.type();
    }

    /**
     * When this poller last finished a claim or found every slot busy: a health check sees a
     * stuck poller by it.
     */
    Instant lastPoll() {
        return lastPoll;
    }

    void wake() {
        lock.lock();
        try {
            woken = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        Duration idle = settings.pollInterval();
        while (running) {
            try {
                if (pauses.isPaused(type(), tenant)) {
                    // Paused is alive too; looking twice per poll interval resumes within one.
                    lastPoll = Instant.now();
                    sleep(settings.pollInterval().dividedBy(2));
                    continue;
                }
                int permits = worker.reserve(settings.maxPollInterval());
                if (permits == 0) {
                    // Busy with long jobs is alive too: a health check must not restart this node.
                    lastPoll = Instant.now();
                    continue;
                }
                if (!running) {
                    worker.release(permits);
                    break;
                }
                ClaimBatch batch = worker.claim(tenant, permits);
                lastPoll = Instant.now();
                outages.succeeded();
                if (batch.jobs().size() == permits) {
                    idle = settings.pollInterval();
                    continue;
                }
                Duration pause;
                if (batch.isEmpty()) {
                    pause = batch.waitHint(worker.clock().instant(), Duration.ofMillis(1), idle);
                    idle = min(idle.multipliedBy(2), settings.maxPollInterval());
                } else {
                    // Jobs come in streams: a poller that found some looks again sooner, so that
                    // jobs scheduled by other nodes wait well within a poll interval.
                    pause = settings.pollInterval().dividedBy(2);
                    idle = settings.pollInterval();
                }
                if (sleep(pause)) {
                    idle = settings.pollInterval();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!outages.failed("claim", e)) {
                    LOGGER.warn(
                            "Claiming jobs of type {} for tenant {} failed; trying again in {}",
                            worker.name(),
                            tenant,
                            settings.maxPollInterval(),
                            e);
                }
                try {
                    sleep(settings.maxPollInterval());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Sleeps up to {@code pause}; returns whether a wake-up cut it short. */
    private boolean sleep(Duration pause) throws InterruptedException {
        lock.lock();
        try {
            long nanos = pause.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = wakeup.awaitNanos(nanos);
            }
            boolean wasWoken = woken;
            woken = false;
            return wasWoken;
        } finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
