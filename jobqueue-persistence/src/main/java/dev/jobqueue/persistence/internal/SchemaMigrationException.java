package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobQueueException;
import dev.jobqueue.domain.TableName;

/**
 * The changelog could not be applied to a queue's tables.
 */
public class SchemaMigrationException extends JobQueueException {

    public SchemaMigrationException(TableName table, Throwable cause) {
        super(
                "Could not create or update the tables " + table.jobs() + " and " + table.jobsData() + ": "
                        + cause.getMessage(),
                cause);
    }
}
