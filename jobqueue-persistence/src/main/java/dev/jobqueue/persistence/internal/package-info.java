/**
 * Queue operations on the jobs tables: {@link dev.jobqueue.persistence.internal.JobQueue} schedules,
 * claims, completes, fails and retries jobs; {@link dev.jobqueue.persistence.internal.JobQueueSchema}
 * applies the Liquibase changelog.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.persistence.internal;

import org.jspecify.annotations.NullMarked;
