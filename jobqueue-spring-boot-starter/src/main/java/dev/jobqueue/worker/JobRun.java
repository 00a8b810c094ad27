package dev.jobqueue.worker;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.domain.UserFields;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One run of one claimed job: the handler's {@link JobContext} and what it asked for. */
final class JobRun implements JobContext {

    /** What the run ends in. */
    enum Outcome {
        COMPLETE,
        RESCHEDULE,
        FAIL_RETRY,
        FAIL_NOT_RETRYABLE,
        DECLINE_RETRY
    }

    private final TypeWorker worker;
    private volatile ClaimedJob job;
    private volatile @Nullable Instant rescheduleAt;
    private volatile boolean retryDeclined;
    private volatile boolean cancelled;
    private @Nullable Thread handlerThread;

    JobRun(TypeWorker worker, ClaimedJob job) {
        this.worker = worker;
        this.job = job;
    }

    ClaimedJob job() {
        return job;
    }

    @Nullable Instant rescheduleAt() {
        return rescheduleAt;
    }

    Outcome outcome(@Nullable Throwable failure) {
        if (retryDeclined) {
            return Outcome.DECLINE_RETRY;
        }
        if (failure == null) {
            return rescheduleAt == null ? Outcome.COMPLETE : Outcome.RESCHEDULE;
        }
        // why: a payload that cannot be bound fails the same way on every retry
        boolean notRetryable = failure instanceof UnbindablePayloadException || worker.settings().isNonRetryable(failure);
        return notRetryable ? Outcome.FAIL_NOT_RETRYABLE : Outcome.FAIL_RETRY;
    }

    @Override
    public JobId id() {
        return job.id();
    }

    @Override
    public Tenant tenant() {
        return job.tenant();
    }

    @Override
    public JobType jobType() {
        return job.jobType();
    }

    @Override
    public int attempt() {
        return job.attempt();
    }

    @Override
    public int executionsLeft() {
        return job.pendingExecution();
    }

    @Override
    public @Nullable String correlationId() {
        return job.correlationId();
    }

    @Override
    public UserFields userFields() {
        return job.userFields();
    }

    @Override
    public void heartbeat() {
        job = worker.queue().heartbeat(job, worker.settings().lease());
    }

    @Override
    public void rescheduleAt(Instant runAt) {
        this.rescheduleAt = runAt;
    }

    @Override
    public void rescheduleIn(Duration delay) {
        this.rescheduleAt = worker.clock().instant().plus(delay);
    }

    @Override
    public void declineRetry() {
        this.retryDeclined = true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Records that an operator cancelled the job; returns whether this is news. */
    boolean markCancelled() {
        boolean news = !cancelled;
        cancelled = true;
        return news;
    }

    /** The handler starts on the current thread. */
    synchronized void handlerStarted() {
        handlerThread = Thread.currentThread();
    }

    /**
     * The handler returned on the current thread: an interrupt meant for it, even one that came
     * too late, must not reach the pool thread's next job.
     */
    synchronized void handlerEnded() {
        handlerThread = null;
        Thread.interrupted();
    }

    /** Interrupts the handler if it still runs; returns whether it did. */
    synchronized boolean interruptHandler() {
        if (handlerThread == null) {
            return false;
        }
        handlerThread.interrupt();
        return true;
    }
}
