package dev.jobqueue.domain;

/**
 * No job has this id.
 *
 * @since 0.1.0
 */
public class JobNotFoundException extends JobQueueException {

    public JobNotFoundException(JobId id, String table) {
        super("No job " + id + " (part " + id.part() + ") in " + table);
    }
}
