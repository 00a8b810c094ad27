package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobQueueException;

/**
 * An outcome for a job this worker no longer holds: its lease expired and the job was
 * recovered, or another actor changed it. Nothing was changed.
 */
public class JobLostException extends JobQueueException {

    private final ClaimedJob job;

    public JobLostException(ClaimedJob job, String outcome) {
        super("Could not record " + outcome + " for " + job + ": it is no longer processing with version "
                + job.version() + " (its lease expired and it was recovered, or another actor changed it); "
                + "nothing was changed");
        this.job = job;
    }

    public ClaimedJob job() {
        return job;
    }
}
