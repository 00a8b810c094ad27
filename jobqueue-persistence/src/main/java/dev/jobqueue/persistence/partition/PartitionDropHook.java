package dev.jobqueue.persistence.partition;

/**
 * Called by {@link PartitionMaintainer} just before it drops a partition pair, for example to
 * copy the rows to an archive table or file. The partitions held no scheduled or processing
 * job when the hook was called. If the hook throws, neither partition is dropped and the round
 * fails. A hook may run more than once for the same pair (a round can stop after the hook and
 * before the drop, or a job can be scheduled into the range meanwhile, which keeps the pair), so
 * make it idempotent:
 *
 * <pre>{@code
 * PartitionDropHook archive = (jobs, jobsData) -> jdbc.update("""
 *         INSERT IGNORE INTO jobs_archive (id, part, job_type, tenant, state, sub_state, process_at)
 *         SELECT id, part, job_type, tenant, state, sub_state, process_at
 *         FROM %s PARTITION (%s)
 *         """.formatted(jobs.table(), jobs.partition()));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PartitionDropHook {

    /** No hook: partitions are dropped without a copy. */
    PartitionDropHook NONE = (jobs, jobsData) -> {};

    /**
     * Runs before {@code jobs} and {@code jobsData} are dropped. Both cover the same range of
     * {@code part}, so they hold the two rows of the same jobs; their names are equal unless
     * the partitions were created by hand.
     *
     * @param jobs the partition of the jobs table {@code X}
     * @param jobsData the partition of the data table {@code X_data}
     * @throws Exception to keep both partitions
     */
    void beforeDrop(PartitionRange jobs, PartitionRange jobsData) throws Exception;
}
