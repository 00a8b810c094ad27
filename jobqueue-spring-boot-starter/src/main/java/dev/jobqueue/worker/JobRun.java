package dev.jobqueue.worker;

import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import dev.jobqueue.handler.JobContext;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.JobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One run of one claimed job: the handler's {@link JobContext} and what it asked for. It is
 * handed what it needs when it is built (the store, its type's settings, the clock) and never
 * reaches back into its {@link TypeWorker}.
 */
final class JobRun implements JobContext {

    /** What the run ends in. */
    enum Outcome {
        /** The handler returned: the job is done (completions are batched). */
        COMPLETE,
        /** The handler returned after asking to run again later. */
        RESCHEDULE,
        /** The handler threw; the job is retried per policy, or ends when no execution is left. */
        FAIL_RETRY,
        /** The handler threw a non-retryable exception, or the payload could not be bound. */
        FAIL_NOT_RETRYABLE,
        /** The handler declined its retry. */
        DECLINE_RETRY,
        /** The workers stopped and the shutdown timed out: lease recovery owns the job; nothing is written. */
        ABANDONED,
        /** The run was failed as timed out while its handler ran: its late outcome is not written. */
        TIMED_OUT,
        /** An operator cancelled the job while it ran: the row is cancelled already, nothing is written. */
        CANCELLED
    }

    private final JobQueue queue;
    private final TypeSettings settings;
    private final Clock clock;
    private volatile ClaimedJob job;
    private volatile @Nullable Instant rescheduleAt;
    private volatile boolean retryDeclined;
    private volatile boolean cancelled;
    private @Nullable Thread handlerThread;
    private long handlerStartedNanos;
    private volatile boolean timedOut;

    JobRun(ClaimedJob job, JobQueue queue, TypeSettings settings, Clock clock) {
        this.job = job;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    ClaimedJob job() {
        return job;
    }

    @Nullable
    Instant rescheduleAt() {
        return rescheduleAt;
    }

    /**
     * The one place that decides what a run ends in, once its handler returned (or threw
     * {@code failure}); {@code abandoned} when the workers gave up waiting for it at shutdown.
     */
    Outcome outcome(@Nullable Throwable failure, boolean abandoned) {
        if (abandoned) {
            return Outcome.ABANDONED;
        }
        if (timedOut) {
            return Outcome.TIMED_OUT;
        }
        if (cancelled) {
            return Outcome.CANCELLED;
        }
        if (retryDeclined) {
            return Outcome.DECLINE_RETRY;
        }
        if (failure == null) {
            return rescheduleAt == null ? Outcome.COMPLETE : Outcome.RESCHEDULE;
        }
        // why: a payload that cannot be bound fails the same way on every retry
        boolean notRetryable = failure instanceof UnbindablePayloadException || settings.isNonRetryable(failure);
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
        job = queue.heartbeat(job, settings.lease());
    }

    @Override
    public void rescheduleAt(Instant runAt) {
        this.rescheduleAt = runAt;
    }

    @Override
    public void rescheduleIn(Duration delay) {
        this.rescheduleAt = clock.instant().plus(delay);
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

    /** The handler starts on the calling thread: a timeout or a cancel interrupts this thread. */
    synchronized void handlerStarted() {
        handlerThread = Thread.currentThread();
        handlerStartedNanos = System.nanoTime();
    }

    /**
     * The handler returned on its own thread: an interrupt meant for it (a timeout's or a
     * cancel's, even one that came too late) must not reach the pool thread's next job.
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

    /**
     * Marks this run as timed out and interrupts its handler when the handler has run for longer
     * than {@code timeout}; returns whether it did (once per run).
     */
    synchronized boolean timeOutIfPast(Duration timeout) {
        Thread thread = handlerThread;
        if (timedOut || thread == null || System.nanoTime() - handlerStartedNanos <= timeout.toNanos()) {
            return false;
        }
        timedOut = true;
        thread.interrupt();
        return true;
    }

    /** Whether the run was failed as timed out: its handler's late outcome is not recorded. */
    boolean timedOut() {
        return timedOut;
    }
}
