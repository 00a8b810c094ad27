package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.NewJob;
import java.util.List;

/**
 * A job with the jobs that follow it (issue #16): those scheduled when it succeeds and those
 * scheduled when it fails for good, each possibly followed in turn.
 *
 * @since 0.2.0
 */
public record JobChain(NewJob job, List<JobChain> onSuccess, List<JobChain> onFailure) {

    public JobChain {
        onSuccess = List.copyOf(onSuccess);
        onFailure = List.copyOf(onFailure);
    }

    /** A job nobody follows. */
    public static JobChain of(NewJob job) {
        return new JobChain(job, List.of(), List.of());
    }

    /** Whether any job follows this one. */
    public boolean followed() {
        return !onSuccess.isEmpty() || !onFailure.isEmpty();
    }
}
