package dev.jobqueue.persistence.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one claim returned: the jobs now held, and, when none was due, when the next one of
 * that tenant and type is (the seed's wait hint).
 *
 * @param jobs claimed jobs in due-time order
 * @param nextDueAt when the next scheduled job is due, if the claim saw one that is not due yet
 * @param exhausted jobs found with no execution left, failed with sub-state 43 instead
 */
public record ClaimBatch(List<ClaimedJob> jobs, @Nullable Instant nextDueAt, int exhausted) {

    public boolean isEmpty() {
        return jobs.isEmpty();
    }

    /**
     * How long to wait before the next claim when nothing was claimed: until the next job is
     * due, clamped to {@code min}..{@code max}; {@code max} when no job is scheduled.
     */
    public Duration waitHint(Instant now, Duration min, Duration max) {
        if (nextDueAt == null) {
            return max;
        }
        Duration until = Duration.between(now, nextDueAt);
        return until.compareTo(min) < 0 ? min : until.compareTo(max) > 0 ? max : until;
    }
}
