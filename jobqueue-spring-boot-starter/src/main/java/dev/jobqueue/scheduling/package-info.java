/**
 * The application's two beans: {@link dev.jobqueue.scheduling.JobScheduler} makes jobs,
 * {@link dev.jobqueue.scheduling.Jobs} reads, searches and changes the jobs that exist.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.scheduling;

import org.jspecify.annotations.NullMarked;
