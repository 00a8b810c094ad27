package dev.jobqueue.worker;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link JobWorkers#runDue()}: type workers whose executor is the calling thread claim and
 * run the due jobs of every tenant, round after round, until a round finds none. A job's
 * completion is written by the next claim of its type, as the workers do, and whatever is left
 * when the last round ends is written before {@link #run()} returns.
 */
final class DueRun {

    /** Runs after which a queue that still has due jobs is taken for one that never empties. */
    static final int MAX_RUNS = 10_000;

    private final List<TypeWorker> workers;
    private final List<Tenant> tenants;
    private final PauseWatch pauses;

    DueRun(List<TypeWorker> workers, List<Tenant> tenants, PauseWatch pauses) {
        this.workers = workers;
        this.tenants = tenants;
        this.pauses = pauses;
    }

    List<JobId> run() {
        List<JobId> ran = new ArrayList<>();
        try {
            boolean found = true;
            while (found) {
                found = false;
                for (TypeWorker worker : workers) {
                    for (Tenant tenant : tenants) {
                        found |= runDue(worker, tenant, ran);
                    }
                }
            }
        } finally {
            workers.forEach(DueRun::writePending);
        }
        return ran;
    }

    /** Claims and runs the due jobs of one type and tenant; returns whether there were any. */
    private boolean runDue(TypeWorker worker, Tenant tenant, List<JobId> ran) {
        boolean found = false;
        while (!pauses.isPaused(worker.type(), tenant)) {
            int permits = reserve(worker);
            // The handlers run inside claim(), on this thread, once the claim has committed.
            ClaimBatch batch = worker.claim(tenant, permits);
            if (batch.isEmpty()) {
                return found;
            }
            found = true;
            batch.jobs().stream().map(ClaimedJob::id).forEach(ran::add);
            if (ran.size() > MAX_RUNS) {
                throw new IllegalStateException("runDue() ran " + ran.size() + " jobs and " + worker.name()
                        + " jobs are still due; do handlers keep scheduling jobs due at once?");
            }
        }
        return found;
    }

    private static int reserve(TypeWorker worker) {
        try {
            // Every earlier run has ended on this thread: the room is free, nothing waits.
            return worker.reserve(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running due jobs", e);
        }
    }

    private static void writePending(TypeWorker worker) {
        try {
            worker.stopCompletions();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
