package dev.jobqueue.recurring;

import dev.jobqueue.domain.JobQueueException;

/**
 * No recurring job has this name.
 *
 * @since 0.2.0
 */
public class RecurringJobNotFoundException extends JobQueueException {

    public RecurringJobNotFoundException(String name, String table) {
        super("No recurring job named '" + name + "' in " + table);
    }
}
