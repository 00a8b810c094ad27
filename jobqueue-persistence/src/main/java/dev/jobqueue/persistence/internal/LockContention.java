package dev.jobqueue.persistence.internal;

/**
 * How often the operations of a {@link JobQueue} lost a lock since it was created: InnoDB
 * chose their transaction as a deadlock victim, or it timed out waiting for a row lock
 * ({@code innodb_lock_wait_timeout}). Operations that join a caller's transaction are not
 * counted: they are never retried.
 *
 * @param retries transactions rolled back and run again; each one changed nothing the first time
 * @param exhausted operations that still lost a lock after {@link JobQueueSettings#lockRetries()}
 *     retries: the caller got the {@link org.springframework.dao.PessimisticLockingFailureException}
 *     and nothing was changed
 */
public record LockContention(long retries, long exhausted) {}
