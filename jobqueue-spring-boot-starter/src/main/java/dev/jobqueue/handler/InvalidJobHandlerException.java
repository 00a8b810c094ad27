package dev.jobqueue.handler;

import dev.jobqueue.domain.JobQueueException;

/**
 * A {@link JobHandler} declaration or its configuration that cannot work; thrown at startup.
 *
 * @since 0.1.0
 */
public class InvalidJobHandlerException extends JobQueueException {

    public InvalidJobHandlerException(String message) {
        super(message);
    }
}
