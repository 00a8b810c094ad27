/**
 * Not API: the store under the starter's {@code JobScheduler} and {@code Jobs} beans. Queue
 * operations on the jobs tables: {@link dev.jobqueue.persistence.internal.JobQueue} schedules,
 * claims, completes, fails and retries jobs; {@link dev.jobqueue.persistence.internal.JobQueueSchema}
 * applies the Liquibase changelog; {@link dev.jobqueue.persistence.internal.JpaJobReader} reads and
 * searches jobs through the JPA entities.
 */
@NullMarked
package dev.jobqueue.persistence.internal;

import org.jspecify.annotations.NullMarked;
