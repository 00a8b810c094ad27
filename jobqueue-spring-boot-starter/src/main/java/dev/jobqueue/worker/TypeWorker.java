package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.handler.JobOutcome;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.persistence.internal.ClaimBatch;
import dev.jobqueue.persistence.internal.ClaimedJob;
import dev.jobqueue.persistence.internal.CompletedAndClaimed;
import dev.jobqueue.persistence.internal.FailureReason;
import dev.jobqueue.persistence.internal.JobLostException;
import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.persistence.internal.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workers of one job type on this node: a bounded number of handlers running at once
 * (a fixed pool of threads, fed with the jobs a poller claimed), the {@link JobLedger} of the
 * jobs it holds, and how each run's outcome is recorded.
 */
final class TypeWorker {

    private static final Logger LOGGER = LoggerFactory.getLogger(TypeWorker.class);

    private final HandlerMethod handler;
    private final TypeSettings settings;
    private final JobQueue queue;
    private final JsonMapper json;
    private final JobQueueObserver observer;
    private final Executor executor;
    private final CompletionBatcher completions;
    private final JobLedger ledger;
    private final HandlerSlots slots;
    private final JobListeners listeners;
    private volatile boolean abandoned;
    private final FailureReasons reasons;
    private volatile HandlerObservation observation = HandlerObservation.NONE;

    TypeWorker(
            HandlerMethod handler,
            TypeSettings settings,
            JobQueue queue,
            JsonMapper json,
            JobQueueObserver observer,
            Executor executor,
            Duration bufferTime,
            JobListeners listeners,
            FailureReasons reasons) {
        this.reasons = reasons;
        this.handler = handler;
        this.settings = settings;
        this.queue = queue;
        this.json = json;
        this.observer = observer;
        this.executor = executor;
        this.listeners = listeners;
        this.ledger = new JobLedger(settings.concurrency(), settings.claimSizing(), bufferTime);
        this.slots = new HandlerSlots(settings.concurrency());
        this.completions = new CompletionBatcher(
                queue, "jobqueue-complete-" + handler.name(), this::completed, this::lost, ledger::held);
    }

    JobType type() {
        return handler.type();
    }

    String name() {
        return handler.name();
    }

    TypeSettings settings() {
        return settings;
    }

    Clock clock() {
        return queue.settings().clock();
    }

    void start() {
        completions.start();
    }

    /** Observes every handler run from now on as {@code observation} says. */
    void observeWith(HandlerObservation observation) {
        this.observation = observation;
    }

    /**
     * Waits up to {@code wait} until this node may hold more jobs of this type, and reserves
     * room for them; returns how many jobs to claim, 0 when the handlers stayed busy.
     */
    int reserve(Duration wait) throws InterruptedException {
        return ledger.reserve(wait);
    }

    void release(int reserved) {
        ledger.release(reserved);
    }

    /**
     * Claims up to {@code reserved} jobs and hands them to the handlers; completes the jobs
     * that finished meanwhile in the same transaction. The jobs that go straight to free handler
     * threads are recorded as started by the claim itself; only those that wait in the buffer
     * have their starts written later, in batches.
     */
    ClaimBatch claim(Tenant tenant, int reserved) {
        CompletionBatcher.Taken taken = completions.takePending();
        HandlerSlots.Claim slot = slots.open(reserved);
        CompletedAndClaimed result;
        long start = System.nanoTime();
        try {
            result = queue.completeAndClaim(
                    taken.finished(), taken.started(), tenant, type(), reserved, slot.startNow(), settings.lease());
            ledger.claimTook(System.nanoTime() - start);
        } catch (RuntimeException e) {
            slots.close(slot, 0, () -> {});
            ledger.release(reserved);
            completions.putBack(taken);
            throw e;
        }
        completions.recorded(taken.finished(), result.refused());
        ClaimBatch batch = result.claimed();
        ledger.release(reserved - batch.jobs().size());
        if (!batch.isEmpty()) {
            observer.claimed(type(), tenant, batch.jobs().size());
        }
        List<ClaimedJob> jobs = batch.jobs();
        slots.close(slot, jobs.size(), () -> {
            List<JobRun> runs = jobs.stream()
                    .map(job -> new JobRun(job, queue, settings, clock()))
                    .toList();
            ledger.claimed(runs, runs.size());
            for (int i = 0; i < runs.size(); i++) {
                JobRun run = runs.get(i);
                boolean startRecorded = i < slot.startNow();
                executor.execute(() -> execute(run, startRecorded));
            }
        });
        return batch;
    }

    /**
     * The jobs whose leases this node keeps alive: claimed and waiting for a thread, running, and
     * awaiting their record.
     */
    List<JobRun> leased() {
        return ledger.leased();
    }

    /** Stops recording outcomes: after a shutdown timed out, lease recovery owns the rest. */
    void abandon() {
        abandoned = true;
    }

    void stopCompletions() throws InterruptedException {
        completions.stop();
    }

    private void execute(JobRun run, boolean startRecorded) {
        ClaimedJob job = run.job();
        if (!startRecorded) {
            // Written with the next batch: lease recovery spends an execution only on a run that started.
            completions.started(job);
        }
        ledger.running(run);
        long start = System.nanoTime();
        Throwable failure = null;
        run.handlerStarted();
        try (HandlerMdc mdc = HandlerMdc.open(job, name())) {
            observation.observe(run, name(), () -> {
                if (!run.isCancelled()) {
                    handler.invoke(job.properties(), run, json);
                }
            });
        } catch (Throwable t) {
            failure = t;
        } finally {
            run.handlerEnded();
        }
        long took = System.nanoTime() - start;
        // Before a poller learns of the free room: its claim may count this thread as free, which
        // it is once the outcome below is handed over (a completion at once, a failure after its write).
        slots.ended();
        ledger.handlerEnded(run, took);
        observer.handlerFinished(type(), job.tenant(), Duration.ofNanos(took), failure == null);
        record(run, run.outcome(failure, abandoned), failure);
    }

    /** Carries out the outcome {@link JobRun#outcome} decided; the job leaves the ledger once it is written. */
    private void record(JobRun run, JobRun.Outcome outcome, @Nullable Throwable failure) {
        ClaimedJob job = run.job();
        switch (outcome) {
            case ABANDONED -> {
                // After a shutdown timed out, lease recovery owns the job.
                return;
            }
            case TIMED_OUT -> {
                // Failed as timed out when it did; its late outcome is not recorded.
                ledger.recorded(job.id());
                return;
            }
            case CANCELLED -> {
                // The row is already 49: any outcome would be refused by the version guard.
                ledger.recorded(job.id());
                LOGGER.info(
                        "{} {} was cancelled while it ran; its handler ended ({}), its outcome is dropped",
                        name(),
                        job,
                        failure == null ? "returned" : failure.toString());
                return;
            }
            case COMPLETE -> {
                completions.add(job);
                return;
            }
            default -> recordAtOnce(run, outcome, failure);
        }
    }

    private void recordAtOnce(JobRun run, JobRun.Outcome outcome, @Nullable Throwable failure) {
        ClaimedJob job = run.job();
        try {
            Instant retryAt = settings.retryPolicy().nextRunAt(job.attempt(), clock().instant());
            Transition transition = switch (outcome) {
                case RESCHEDULE ->
                    queue.reschedule(
                            job, Objects.requireNonNull(run.rescheduleAt(), "RESCHEDULE means a time was set"));
                case DECLINE_RETRY -> queue.declineRetry(job);
                case FAIL_NOT_RETRYABLE -> queue.failWithoutRetry(job, reason(failure));
                case FAIL_RETRY -> queue.failAndRetry(job, retryAt, reason(failure));
                case COMPLETE, ABANDONED, TIMED_OUT, CANCELLED ->
                    throw new IllegalStateException(outcome + " is not recorded at once");
            };
            FailureLog.log(LOGGER, name(), job, transition, failure, retryAt);
            if (outcome == JobRun.Outcome.RESCHEDULE) {
                observer.rescheduled(type(), job.tenant());
            } else {
                observer.failed(type(), job.tenant(), transition.has(Effect.SCHEDULE_RETRY));
                JobOutcome told = outcomeOf(job, failure);
                if (transition.has(Effect.SCHEDULE_RETRY)) {
                    listeners.failed(told);
                } else {
                    listeners.exhausted(told);
                }
            }
        } catch (JobLostException e) {
            LOGGER.warn("{}", e.getMessage());
            observer.lost(type(), job.tenant(), 1);
        } catch (RuntimeException e) {
            LOGGER.error("Could not record the outcome {} of {}; lease recovery will run it again", outcome, job, e);
        } finally {
            ledger.recorded(job.id());
        }
    }

    private void completed(List<ClaimedJob> jobs) {
        jobs.forEach(job -> {
            ledger.recorded(job.id());
            LOGGER.debug("{} {} completed", name(), job);
        });
        Map<Tenant, Integer> byTenant = new java.util.HashMap<>();
        jobs.forEach(job -> byTenant.merge(job.tenant(), 1, Integer::sum));
        byTenant.forEach((tenant, count) -> observer.completed(type(), tenant, count));
        if (!listeners.isEmpty()) {
            jobs.forEach(job -> listeners.succeeded(outcomeOf(job, null)));
        }
    }

    private static JobOutcome outcomeOf(ClaimedJob job, @Nullable Throwable failure) {
        return new JobOutcome(job.id(), job.jobType(), job.tenant(), job.attempt(), failure);
    }

    private void lost(List<ClaimedJob> jobs) {
        jobs.forEach(job -> ledger.recorded(job.id()));
        jobs.forEach(job -> observer.lost(type(), job.tenant(), 1));
    }

    /** Retry policy of this type, for lease recovery. */
    RetryPolicy retryPolicy() {
        return settings.retryPolicy();
    }

    private FailureReason reason(@Nullable Throwable failure) {
        return reasons.of(failure == null ? new IllegalStateException("no exception") : failure);
    }

    /**
     * Fails the runs whose handlers ran past this type's timeout (sub-state 41, retried per
     * policy) and interrupts their handlers; they get no more heartbeats, so when the failure
     * cannot be written, lease recovery on any node takes the job. A handler that ignores the
     * interrupt keeps its thread until it returns; its outcome is ignored.
     */
    void timeOutOverdueRuns() {
        Duration timeout = settings.timeout();
        if (timeout == null) {
            return;
        }
        for (JobRun run : ledger.running()) {
            if (run.timeOutIfPast(timeout)) {
                // No more heartbeats; its thread stays taken until the handler returns.
                ledger.timedOut(run);
                recordTimeout(run.job(), timeout);
            }
        }
    }

    private void recordTimeout(ClaimedJob job, Duration timeout) {
        try {
            Instant retryAt = settings.retryPolicy().nextRunAt(job.attempt(), clock().instant());
            Transition transition = queue.timeOut(job, retryAt, reasons.timeout(timeout));
            boolean retried = transition.has(Effect.SCHEDULE_RETRY);
            if (retried) {
                LOGGER.warn(
                        "{} {} timed out after {} and was interrupted; retry {} of {} at {}",
                        name(),
                        job,
                        timeout,
                        job.attempt(),
                        job.attempt() - 1 + job.pendingExecution(),
                        retryAt.truncatedTo(ChronoUnit.MILLIS));
            } else {
                LOGGER.warn(
                        "{} {} timed out after {} and was interrupted; failed for good ({})",
                        name(),
                        job,
                        timeout,
                        transition.to());
            }
            observer.failed(type(), job.tenant(), retried);
        } catch (JobLostException e) {
            LOGGER.warn("{}", e.getMessage());
            observer.lost(type(), job.tenant(), 1);
        } catch (RuntimeException e) {
            LOGGER.warn(
                    "Could not record that {} {} timed out ({}); its lease is no longer renewed, so lease"
                            + " recovery takes it",
                    name(),
                    job,
                    Redaction.describe(e));
        }
    }
}
