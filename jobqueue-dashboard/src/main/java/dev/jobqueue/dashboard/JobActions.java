package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.JobEvent;
import dev.jobqueue.lifecycle.JobLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator's actions on one job, each a lifecycle event, and which of them the job's current
 * sub-state allows: those whose event the {@link JobLifecycle} takes from that sub-state (as
 * {@link dev.jobqueue.scheduling.Jobs} checks when the action is applied), and run now only for
 * a job due later.
 */
enum JobActions {
    CANCEL("cancel", "Cancel", JobEvent.CANCEL_JOB),
    RETRY_NOW("retry-now", "Retry now", JobEvent.RETRY_NOW),
    RUN_NOW("run-now", "Run now", JobEvent.RUN_NOW);

    static final Set<Integer> RETRYABLE = Set.of(
            SubState.FAILED_APPLICATION.code(),
            SubState.FAILED_NO_RETRY_LEFT.code(),
            SubState.FAILED_RETRY_DECLINED.code(),
            SubState.CANCELLED.code());

    private final String path;
    private final String label;
    private final JobEvent event;

    JobActions(String path, String label, JobEvent event) {
        this.path = path;
        this.label = label;
        this.event = event;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    public JobEvent event() {
        return event;
    }

    /** Whether the lifecycle lets a job in this sub-state take this action now. */
    boolean allows(JobLifecycle lifecycle, SubState current, JobDetails job, Instant now) {
        if (!lifecycle.sourcesOf(event).contains(current)) {
            return false;
        }
        return this != RUN_NOW || job.id().part().isAfter(now);
    }

    static List<JobActions> allowed(JobLifecycle lifecycle, JobDetails job, Instant now) {
        SubState current = lifecycle.subStateOf(job.state().code(), job.subState());
        List<JobActions> allowed = new ArrayList<>();
        for (JobActions action : values()) {
            if (action.allows(lifecycle, current, job, now)) {
                allowed.add(action);
            }
        }
        return allowed;
    }

    static JobActions fromPath(String path) {
        for (JobActions action : values()) {
            if (action.path.equals(path)) {
                return action;
            }
        }
        throw new IllegalArgumentException("action must be one of cancel, retry-now, run-now but was '" + path + "'");
    }
}
