package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobFailure;

/**
 * Why a held job failed, to be stored with its failure in the same transaction. The caller
 * redacts and bounds the texts; overlong values are cut to what the columns hold.
 *
 * @param exceptionClass what was thrown, or the queue's description of a timeout or crash
 * @param node the node that ran the job or found its worker dead
 * @since 0.2.0
 */
public record FailureReason(
        JobFailure.Kind kind, String exceptionClass, String message, String stackTrace, String node) {

    /** Characters of a message that fit a TEXT column whatever the characters are (4 bytes each at most). */
    static final int MAX_MESSAGE = 16_000;

    public FailureReason {
        exceptionClass = cut(exceptionClass, 255);
        message = cut(message, MAX_MESSAGE);
        node = cut(node, 128);
    }

    /** A crash found by lease recovery: the lease expired while the handler ran. */
    static FailureReason crash(String node, int crashes, int maxCrashes) {
        String limit = maxCrashes > 0 ? " of at most " + maxCrashes : "";
        return new FailureReason(
                JobFailure.Kind.CRASH,
                "worker died while running it",
                "the lease expired while the handler was running: its worker died or stopped renewing the lease"
                        + " (crash " + crashes + limit + ")",
                "",
                node);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
