package dev.jobqueue.domain;

import java.time.Instant;

/**
 * A job a worker node holds: claimed by it, running or waiting for a handler thread, with the
 * lease its heartbeats keep extending. Read from the job's row, so the lease is the one lease
 * recovery goes by: once it passed, any node may take the job.
 *
 * @param id the job
 * @param type its type
 * @param tenant its tenant
 * @param leaseExpiresAt when its lease ends unless the node's heartbeat extends it
 * @since 0.2.0
 */
public record HeldJob(JobId id, JobType type, Tenant tenant, Instant leaseExpiresAt) {}
