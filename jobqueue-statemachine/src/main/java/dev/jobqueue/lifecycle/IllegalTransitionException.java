package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.JobQueueException;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A job cannot take an event in its current sub-state. The message names the state, the
 * sub-state, the refused event and the events allowed there; the caller adds the job id with
 * {@link #forJob(String)}.
 *
 * @since 0.1.0
 */
public class IllegalTransitionException extends JobQueueException {

    private final SubState subState;
    private final String subStateName;
    private final JobEvent event;
    private final List<JobEvent> allowed;
    private final String guardNote;
    private final @Nullable String jobId;

    /**
     * @param guardNote empty, or {@code " with no executions left"} when the event is refused
     *     only for this guard input
     */
    IllegalTransitionException(
            SubState subState,
            String subStateName,
            JobEvent event,
            List<JobEvent> allowed,
            String guardNote,
            @Nullable String jobId) {
        super(message(subState, subStateName, event, allowed, guardNote, jobId));
        this.subState = subState;
        this.subStateName = subStateName;
        this.event = event;
        this.allowed = List.copyOf(allowed);
        this.guardNote = guardNote;
        this.jobId = jobId;
    }

    /** Returns a copy whose message also names the job. */
    public IllegalTransitionException forJob(String jobId) {
        return new IllegalTransitionException(subState, subStateName, event, allowed, guardNote, jobId);
    }

    /** The state the job is in. */
    public JobState state() {
        return subState.state();
    }

    /** The sub-state the job is in (20 for a processing row that the Go library left at 10 or 11). */
    public SubState subState() {
        return subState;
    }

    /** The refused event. */
    public JobEvent event() {
        return event;
    }

    /** The events this sub-state takes with the same guard input, in event order. */
    public List<JobEvent> allowedEvents() {
        return allowed;
    }

    /** The job id given with {@link #forJob(String)}, if any. */
    public @Nullable String jobId() {
        return jobId;
    }

    private static String message(
            SubState subState,
            String name,
            JobEvent event,
            List<JobEvent> allowed,
            String guardNote,
            @Nullable String jobId) {
        String job = jobId == null ? "a job" : "job " + jobId;
        String where = subState.state() + "/" + subState + " (" + name + ")";
        String allowedHere = allowed.toString();
        if (allowed.isEmpty()) {
            allowedHere = subState.state().isFinished() ? "none, " + where + " is terminal" : "none";
        }
        return job + " in " + where + guardNote + " cannot take the event " + event + "; allowed here: " + allowedHere;
    }
}
