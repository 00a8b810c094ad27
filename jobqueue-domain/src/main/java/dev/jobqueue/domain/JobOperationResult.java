package dev.jobqueue.domain;

import org.jspecify.annotations.Nullable;

/**
 * What an operator's action on one job did: cancel, run now or retry now. An answer, never an
 * exception: a job that had already finished, or was in no state for the action, is a status
 * here, and nothing was written then.
 *
 * <pre>{@code
 * JobOperationResult result = jobs.cancel(id);
 * if (result.status() == JobOperationResult.Status.ALREADY_FINISHED) {
 *     log.info("{} had already finished: {}", id, result.message());
 * }
 * }</pre>
 *
 * @param job the job acted on
 * @param status what happened
 * @param subStateBefore the job's sub-state code when the action found it, or 0 when no job has this id
 * @param newJob the new row of the retry group that run-now and retry-now scheduled, else null
 * @param message what happened, in words, for a log or an operator's screen
 * @since 0.2.0
 */
public record JobOperationResult(
        JobId job,
        Status status,
        int subStateBefore,
        @Nullable JobId newJob,
        String message) {

    /** What an action on one job did. */
    public enum Status {
        /** The action was carried out. */
        APPLIED,
        /** The job had already finished (done or failed): nothing was written. */
        ALREADY_FINISHED,
        /** The job is in a sub-state that does not take this action: nothing was written. */
        NOT_ALLOWED,
        /** No job has this id. */
        NOT_FOUND
    }

    /** Whether the action was carried out. */
    public boolean applied() {
        return status == Status.APPLIED;
    }
}
