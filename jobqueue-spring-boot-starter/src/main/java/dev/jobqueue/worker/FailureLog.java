package dev.jobqueue.worker;

import dev.jobqueue.domain.JobState;
import dev.jobqueue.internal.Redaction;
import dev.jobqueue.lifecycle.Effect;
import dev.jobqueue.lifecycle.Transition;
import dev.jobqueue.persistence.internal.ClaimedJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * How the outcome of a failed or rescheduled run is logged: a failure that is retried once at
 * INFO without a stack trace, a failure for good at WARN with it. Exception messages are
 * redacted first, since handlers often put payload data in them.
 */
final class FailureLog {

    private FailureLog() {}

    static void log(
            Logger logger,
            String name,
            ClaimedJob job,
            Transition transition,
            @Nullable Throwable failure,
            Instant retryAt) {
        if (transition.toState() == JobState.DONE) {
            logger.debug("{} {} ended in {}/{}; next run scheduled", name, job, transition.toState(), transition.to());
        } else if (failure == null) {
            logger.info("{} {} declined a retry and ended in {}/{}", name, job, transition.toState(), transition.to());
        } else if (transition.has(Effect.SCHEDULE_RETRY)) {
            int retries = job.attempt() - 1 + job.pendingExecution();
            logger.info(
                    "{} {} failed, retry {} of {} at {}: {}",
                    name,
                    job,
                    job.attempt(),
                    retries,
                    retryAt.truncatedTo(ChronoUnit.MILLIS),
                    Redaction.describe(failure));
        } else {
            logger.warn(
                    "{} {} failed for good ({}): {}",
                    name,
                    job,
                    transition.to(),
                    Redaction.describe(failure),
                    Redaction.redactedCopy(failure));
        }
    }
}
