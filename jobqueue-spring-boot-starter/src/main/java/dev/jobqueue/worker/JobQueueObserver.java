package dev.jobqueue.worker;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import java.time.Duration;

/**
 * Told what the queue does, for metrics. Every method does nothing by default.
 *
 * @since 0.1.0
 */
public interface JobQueueObserver {

    /** An observer that ignores everything. */
    JobQueueObserver NONE = new JobQueueObserver() {};

    default void scheduled(JobType type, Tenant tenant, int jobs) {}

    default void claimed(JobType type, Tenant tenant, int jobs) {}

    default void completed(JobType type, Tenant tenant, int jobs) {}

    /** A handler failed; {@code retried} says whether a retry row was scheduled. */
    default void failed(JobType type, Tenant tenant, boolean retried) {}

    default void rescheduled(JobType type, Tenant tenant) {}

    default void recovered(JobType type, Tenant tenant, int jobs) {}

    /** An outcome was refused because the job had been taken away (its lease expired). */
    default void lost(JobType type, Tenant tenant, int jobs) {}

    default void handlerFinished(JobType type, Tenant tenant, Duration duration, boolean success) {}
}
