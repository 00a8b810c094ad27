package dev.jobqueue.testing;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobFailure;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.scheduling.Jobs;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one job row as read when the assertion was made, with messages that
 * show the row:
 *
 * <pre>{@code
 * import static dev.jobqueue.testing.JobAssert.assertThatJob;
 *
 * assertThatJob(jobs, id).isFailed().hasSubState(42).hasFailureMessageContaining("not an address");
 * }</pre>
 *
 * A retried job is several rows of one retry group: the first row ends {@code FAILED/44}, its
 * retry is a new row; {@link #latestRun()} gives the assertions on the last one.
 *
 * @since 0.2.0
 */
public final class JobAssert extends AbstractAssert<JobAssert, JobDetails> {

    private final Jobs jobs;

    private JobAssert(Jobs jobs, JobDetails job) {
        super(job, JobAssert.class);
        this.jobs = jobs;
    }

    /**
     * Assertions on the job {@code id}, read now through {@code jobs}.
     *
     * @throws AssertionError when there is no such job
     */
    public static JobAssert assertThatJob(Jobs jobs, JobId id) {
        Optional<JobDetails> job = jobs.find(id);
        if (job.isEmpty()) {
            throw new AssertionError("Expected job " + id + " to exist, but there is no such job");
        }
        return new JobAssert(jobs, job.get());
    }

    /** The job is DONE: its handler succeeded (30), or it completed otherwise (31, 32). */
    public JobAssert isDone() {
        return hasState(JobState.DONE);
    }

    /** The job is FAILED, whatever the sub-state; a retried row is FAILED/44 too. */
    public JobAssert isFailed() {
        return hasState(JobState.FAILED);
    }

    /** The job is SCHEDULED: waiting to run, or held in a sub-state of SCHEDULED. */
    public JobAssert isScheduled() {
        return hasState(JobState.SCHEDULED);
    }

    /** The job is in {@code state}. */
    public JobAssert hasState(JobState state) {
        isNotNull();
        if (actual.state() != state) {
            failWithMessage("Expected job %s to be %s but was %s", actual.id(), state, row());
        }
        return this;
    }

    /** The job is in the sub-state {@code code}, 10..49 (the codes are in docs/lifecycle.md). */
    public JobAssert hasSubState(int code) {
        isNotNull();
        if (actual.subState() != code) {
            failWithMessage("Expected job %s to be in sub-state %s but was %s", actual.id(), code, row());
        }
        return this;
    }

    /** The job is in {@code subState}, a constant of {@link SubState} or of your lifecycle. */
    public JobAssert hasSubState(SubState subState) {
        return hasSubState(subState.code());
    }

    /** The row is attempt {@code attempt} of its retry group: 1 for the first run, 2 for its retry. */
    public JobAssert hasAttempt(int attempt) {
        isNotNull();
        if (!Objects.equals(actual.attempt(), attempt)) {
            failWithMessage(
                    "Expected job %s to be attempt %s but was attempt %s (%s)",
                    actual.id(), attempt, actual.attempt(), row());
        }
        return this;
    }

    /** The stored failure reason of the row names an exception whose message contains {@code text}. */
    public JobAssert hasFailureMessageContaining(String text) {
        isNotNull();
        Optional<JobFailure> failure = jobs.failureOf(actual.id());
        if (failure.isEmpty()) {
            failWithMessage(
                    "Expected job %s to have failed with a message containing '%s' but it has no failure"
                            + " reason (%s)",
                    actual.id(), text, row());
        } else if (!failure.get().message().contains(text)) {
            failWithMessage(
                    "Expected job %s to have failed with a message containing '%s' but the message was '%s'" + " (%s)",
                    actual.id(), text, failure.get().message(), row());
        }
        return this;
    }

    /**
     * Assertions on the latest row of this job's retry group: its last retry (or the row
     * {@code Jobs.runNow} put in its place), or the job itself when it has no other row.
     */
    public JobAssert latestRun() {
        isNotNull();
        String group = actual.retryGroup();
        if (group == null) {
            return this;
        }
        // Ids follow due times, not creation: the latest run is the row no other row took over from
        // (a retry takes over from 44, a run-now or reschedule row from 32).
        List<JobDetails> rows = jobs.findByRetryGroup(group);
        JobDetails latest = rows.stream()
                .filter(row -> row.subState() != SubState.FAILED_RETRY_SCHEDULED.code()
                        && row.subState() != SubState.RESCHEDULED.code())
                .max(Comparator.comparing((JobDetails row) -> row.attempt() == null ? 0 : row.attempt())
                        .thenComparing(row -> row.createdAt() == null ? Instant.EPOCH : row.createdAt()))
                .orElse(rows.isEmpty() ? actual : rows.get(rows.size() - 1));
        return new JobAssert(jobs, latest);
    }

    private String row() {
        return actual.state() + "/" + actual.subState() + " (type " + actual.jobType() + ", attempt " + actual.attempt()
                + ", due " + actual.processAt() + ")";
    }
}
