package dev.jobqueue.lifecycle;

/**
 * What the persistence layer must do besides writing the new {@code state}, {@code sub_state}
 * and {@code pending_execution}, in the same transaction.
 *
 * @since 0.1.0
 */
public enum Effect {

    /**
     * Insert a retry row in the same {@code retry_group}: same type, tenant, correlation id, user
     * fields and properties, {@code pending_execution} as it is now (the claim already took one),
     * due at the retry time.
     */
    SCHEDULE_RETRY,

    /**
     * Insert the next run in the same {@code retry_group}, due when the handler asked, with
     * {@code pending_execution} restored to the current value + 1: a reschedule does not count as
     * a used execution.
     */
    SCHEDULE_NEXT_RUN,

    /**
     * Complete the other scheduled jobs with the same tenant and correlation id, each through
     * {@link JobEvent#COMPLETE_BY_CORRELATION}.
     */
    COMPLETE_CORRELATED,

    /**
     * Insert a row in the same {@code retry_group} that takes this scheduled row's place, due now,
     * with the same {@code pending_execution} and attempt: the job runs now instead of later.
     *
     * @since 0.2.0
     */
    SCHEDULE_NOW,

    /**
     * Insert a retry row in the same {@code retry_group}, due now, with a fresh
     * {@code pending_execution} given by the operation (by default the type's executions): an
     * operator's retry of a job that has ended.
     *
     * @since 0.2.0
     */
    SCHEDULE_FRESH_RUN
}
