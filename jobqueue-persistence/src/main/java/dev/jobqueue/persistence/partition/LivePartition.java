package dev.jobqueue.persistence.partition;

/**
 * A partition of the jobs table that was due for dropping but was kept because it still holds
 * unfinished jobs (state 1, scheduled, or 2, processing). Its twin in {@code X_data} is kept too.
 *
 * @param partition the partition of the jobs table
 * @param liveJobs how many jobs in it are scheduled or processing
 * @since 0.1.0
 */
public record LivePartition(PartitionRange partition, long liveJobs) {}
