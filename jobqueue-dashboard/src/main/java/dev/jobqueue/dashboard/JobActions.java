package dev.jobqueue.dashboard;

import dev.jobqueue.domain.JobDetails;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.SubState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator's actions on one job and which of them its current sub-state allows, as
 * {@link dev.jobqueue.scheduling.Jobs} documents them; the {@code Jobs} call guards again when the
 * action is applied.
 */
enum JobActions {
    CANCEL("cancel", "Cancel"),
    RETRY_NOW("retry-now", "Retry now"),
    RUN_NOW("run-now", "Run now");

    static final Set<Integer> RETRYABLE = Set.of(
            SubState.FAILED_APPLICATION.code(),
            SubState.FAILED_NO_RETRY_LEFT.code(),
            SubState.FAILED_RETRY_DECLINED.code(),
            SubState.CANCELLED.code());

    private final String path;
    private final String label;

    JobActions(String path, String label) {
        this.path = path;
        this.label = label;
    }

    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    static List<JobActions> allowed(JobDetails job, Instant now) {
        List<JobActions> allowed = new ArrayList<>();
        if (!job.state().isFinished()) {
            allowed.add(CANCEL);
        }
        if (job.state() == JobState.FAILED && RETRYABLE.contains(job.subState())) {
            allowed.add(RETRY_NOW);
        }
        if (job.state() == JobState.SCHEDULED && job.processAt().isAfter(now)) {
            allowed.add(RUN_NOW);
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
