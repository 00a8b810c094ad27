package dev.jobqueue.domain;

/**
 * A job with the same unique key is still in the states that hold the key, and the new job asked
 * to fail rather than get that job's id ({@link UniqueKey#failingIfTaken()}). Nothing was written.
 *
 * @since 0.2.0
 */
public class DuplicateJobException extends JobQueueException {

    private final JobId existing;
    private final String key;

    public DuplicateJobException(Tenant tenant, String key, JobId existing, JobState state) {
        super("Unique key '" + key + "' of tenant " + tenant.value() + " is held by job " + existing + " (" + state
                + "); nothing was scheduled");
        this.existing = existing;
        this.key = key;
    }

    /** The job that holds the key. */
    public JobId existing() {
        return existing;
    }

    /** The key. */
    public String key() {
        return key;
    }
}
