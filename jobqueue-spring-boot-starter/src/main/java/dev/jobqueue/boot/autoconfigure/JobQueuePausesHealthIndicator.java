package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.internal.Redaction;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The pauses in force (issue #14), as health detail {@code paused}: a paused type is intended,
 * so the status stays UP. On a node with workers the pauses are those its pollers last read,
 * without a query.
 */
final class JobQueuePausesHealthIndicator extends AbstractHealthIndicator {

    private final Supplier<List<PausedQueue>> pauses;

    JobQueuePausesHealthIndicator(Supplier<List<PausedQueue>> pauses) {
        super("jobqueue pauses could not be read");
        this.pauses = pauses;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            List<String> paused = pauses.get().stream()
                    .map(JobQueuePausesHealthIndicator::describe)
                    .toList();
            builder.up().withDetail("paused", paused);
        } catch (RuntimeException e) {
            builder.unknown().withDetail("paused", "unknown: " + Redaction.describe(e));
        }
    }

    private static String describe(PausedQueue pause) {
        return "type " + pause.type() + (pause.tenant() == null ? ", every tenant" : ", tenant " + pause.tenant())
                + ", since " + pause.since() + " by " + pause.by();
    }
}
