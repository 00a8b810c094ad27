package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobId;

/**
 * What {@link JobQueue#scheduleUnique} did.
 *
 * @param id the new job's id, or the id of the job that holds the key
 * @param created whether a new job was written
 * @since 0.2.0
 */
public record UniqueScheduling(JobId id, boolean created) {}
