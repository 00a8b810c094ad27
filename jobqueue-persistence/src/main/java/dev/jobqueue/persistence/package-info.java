/**
 * Queue operations on the jobs tables: {@link dev.jobqueue.persistence.JobQueue} schedules,
 * claims, completes, fails and retries jobs; {@link dev.jobqueue.persistence.JobQueueSchema}
 * applies the Liquibase changelog.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.persistence;

import org.jspecify.annotations.NullMarked;
