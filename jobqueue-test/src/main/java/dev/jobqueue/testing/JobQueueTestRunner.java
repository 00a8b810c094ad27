package dev.jobqueue.testing;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobPage;
import dev.jobqueue.domain.JobPageRequest;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.worker.JobWorkers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs an application's jobs when its test says so, through the application's own handlers and
 * the queue's own code: {@link #runDue()} claims the due jobs, runs them on the test's thread and
 * records their outcomes as the workers would (retries, failures, listeners, meters). A
 * {@link JobQueueTest} has one to autowire.
 *
 * <p>Call it outside a transaction of the test: the jobs it runs are those committed, and it
 * commits their outcomes.
 *
 * @since 0.2.0
 */
public final class JobQueueTestRunner {

    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final JobWorkers workers;
    private final Jobs jobs;

    /**
     * A runner of the jobs of {@code workers}, which reads them through {@code jobs}; a
     * {@link JobQueueTest} builds it.
     */
    public JobQueueTestRunner(JobWorkers workers, Jobs jobs) {
        this.workers = workers;
        this.jobs = jobs;
    }

    /**
     * Runs every job that is due now, one after the other on this thread, and returns when none is
     * left. Jobs that become due meanwhile run too: a retry whose delay is zero, a job a handler
     * schedules for now. Jobs due later, in a held sub-state or in a paused queue wait.
     *
     * @return the rows that ran, in the order they ran, as they are afterwards: {@code DONE/30},
     *     {@code FAILED/44} with its retry scheduled in a new row, {@code FAILED/42} and so on
     * @throws IllegalStateException when the workers run (the test set
     *     {@code jobqueue.worker.auto-startup=true}); use {@link #awaitAllDone(Duration)} then
     */
    public List<JobDetails> runDue() {
        return workers.runDue().stream().map(this::read).toList();
    }

    /**
     * Runs jobs until none is left to run within {@code timeout}: every job is finished or waits
     * for something other than time (a held sub-state, a paused queue, a due time after the
     * timeout). Retries run as they come due, so a job that is retried twice with a delay of a
     * second takes about two seconds. When the workers run in the background, it waits for them
     * instead.
     *
     * @throws AssertionError when jobs are still running, or due within the timeout, after it,
     *     listing them
     */
    public void awaitAllDone(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!workers.isRunning()) {
                workers.runDue();
            }
            Instant now = Instant.now();
            List<JobDetails> waiting = unfinished(deadline);
            if (waiting.isEmpty()) {
                return;
            }
            if (!now.isBefore(deadline)) {
                throw new AssertionError(waiting.size() + " jobs were not done after " + timeout + ": "
                        + waiting.stream().map(JobQueueTestRunner::describe).collect(Collectors.joining(", ")));
            }
            Instant next = waiting.stream()
                    .map(JobDetails::processAt)
                    .min(Comparator.naturalOrder())
                    .orElse(now);
            sleep(now, next, deadline);
        }
    }

    /** Assertions on the job {@code id} as it is now. */
    public JobAssert assertThatJob(JobId id) {
        return JobAssert.assertThatJob(jobs, id);
    }

    /** The jobs running, and those that wait to run and are due before {@code deadline}. */
    private List<JobDetails> unfinished(Instant deadline) {
        List<JobDetails> waiting = new ArrayList<>(all(JobFilter.all().state(JobState.PROCESSING)));
        for (SubState runnable : List.of(SubState.SCHEDULED, SubState.SCHEDULED_DEFAULT)) {
            all(JobFilter.all().subState(runnable)).stream()
                    .filter(job -> !job.processAt().isAfter(deadline))
                    .forEach(waiting::add);
        }
        return waiting;
    }

    private List<JobDetails> all(JobFilter filter) {
        List<JobDetails> found = new ArrayList<>();
        JobPageRequest request = JobPageRequest.first(JobPageRequest.MAX_SIZE);
        while (request != null) {
            JobPage page = jobs.search(filter, request);
            found.addAll(page.jobs());
            request = page.next();
        }
        return found;
    }

    private JobDetails read(JobId id) {
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("Job " + id + " ran but its row is gone"));
    }

    private static String describe(JobDetails job) {
        return job.id() + " (type " + job.jobType() + ", " + job.state() + "/" + job.subState() + ", due "
                + job.processAt() + ")";
    }

    /** Until the next job is due, at most {@link #LONGEST_PAUSE} and never past the deadline. */
    private static void sleep(Instant now, Instant next, Instant deadline) {
        Instant until = next.isAfter(deadline) ? deadline : next;
        long millis = Math.max(
                10,
                Math.min(LONGEST_PAUSE.toMillis(), Duration.between(now, until).toMillis()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for jobs", e);
        }
    }
}
