package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.JobQueueException;
import dev.jobqueue.domain.TableName;

/**
 * A maintenance round failed. What it did before the failure stays done; the next round
 * starts again from the tables' actual layout.
 *
 * @since 0.1.0
 */
public class PartitionMaintenanceException extends JobQueueException {

    private final TableName table;

    public PartitionMaintenanceException(TableName table, String message, Throwable cause) {
        super("Partition maintenance of " + table.jobs() + " and " + table.jobsData() + " failed: " + message, cause);
        this.table = table;
    }

    public PartitionMaintenanceException(TableName table, String message) {
        super("Partition maintenance of " + table.jobs() + " and " + table.jobsData() + " failed: " + message);
        this.table = table;
    }

    /** The queue whose tables were being maintained. */
    public TableName table() {
        return table;
    }
}
