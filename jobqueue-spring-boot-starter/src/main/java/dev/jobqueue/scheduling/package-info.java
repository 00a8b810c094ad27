/**
 * Producing jobs from a Spring application: {@link dev.jobqueue.scheduling.JobScheduler}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.jobqueue.scheduling;

import org.jspecify.annotations.NullMarked;
