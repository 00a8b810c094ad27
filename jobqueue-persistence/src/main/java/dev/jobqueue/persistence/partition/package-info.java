/**
 * Partition maintenance of a queue's two tables: {@link dev.jobqueue.persistence.partition.PartitionMaintainer}
 * keeps a weekly partition for every ISO week from now to a horizon plus a catch-all, and drops
 * the partitions that ended more than a retention ago once they hold no unfinished job.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.persistence.partition;

import org.jspecify.annotations.NullMarked;
