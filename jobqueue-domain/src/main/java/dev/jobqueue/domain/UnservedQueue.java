package dev.jobqueue.domain;

import java.time.Instant;

/**
 * Jobs of a type and tenant that are due but that no live worker node serves: no node whose
 * heartbeat is recent runs a handler of the type for the tenant (the handler was removed, or every
 * node serving it stopped or died). They wait until such a node starts.
 *
 * @param type the job type
 * @param tenant the tenant
 * @param dueJobs how many scheduled jobs of the type and tenant are due, counted up to a cap
 *     (10,000 over all unserved queues), so at least this many
 * @param oldestDue the earliest due time among the counted jobs
 * @since 0.2.0
 */
public record UnservedQueue(JobType type, Tenant tenant, long dueJobs, Instant oldestDue) {}
