package dev.jobqueue.domain;

import java.time.Instant;

/**
 * Why a job row failed, as stored next to the queue tables ({@code X_failures}): what was thrown
 * (class, message and a stack trace cut to a configured size, all with credentials redacted) and
 * the node that ran it. Rows the Go library failed have none.
 *
 * @param id the failed job row; its retry, if any, is another row of the same retry group
 * @param kind what ended the run
 * @param exceptionClass fully qualified class name of what the handler threw; for a
 *     {@link Kind#TIMEOUT} or {@link Kind#CRASH} the queue's own description of the cause
 * @param message the exception's message and causes, redacted; empty when there was none
 * @param stackTrace the redacted stack trace, at most the configured size; empty for a crash
 * @param node id of the node that ran it, or that found its worker dead
 * @param failedAt when the failure was recorded
 * @since 0.2.0
 */
public record JobFailure(
        JobId id, Kind kind, String exceptionClass, String message, String stackTrace, String node, Instant failedAt) {

    /**
     * What ended a failed run.
     *
     * @since 0.2.0
     */
    public enum Kind {
        /** The handler threw. */
        ERROR,
        /** The handler ran longer than its type's timeout and was interrupted. */
        TIMEOUT,
        /** The lease expired while the handler ran: its worker died (or hung without heartbeats). */
        CRASH;

        /** The value stored in the {@code kind} column. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The kind stored as {@code code}.
         *
         * @throws IllegalArgumentException for a code no kind has, naming the allowed ones
         */
        public static Kind fromCode(String code) {
            for (Kind kind : values()) {
                if (kind.code().equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(
                    "failure kind must be one of error, timeout, crash but was '" + code + "'");
        }
    }
}
