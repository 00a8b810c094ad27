package dev.jobqueue.domain;

import java.util.Objects;

/**
 * Root of every exception that jobqueue throws on purpose.
 *
 * @since 0.1.0
 */
public abstract class JobQueueException extends RuntimeException {

    protected JobQueueException(String message) {
        super(message);
    }

    protected JobQueueException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The message given at construction: never null. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }
}
