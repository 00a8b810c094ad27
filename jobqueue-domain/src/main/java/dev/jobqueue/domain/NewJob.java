package dev.jobqueue.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A job to schedule. Build one with {@link #of(JobType)}; every field but the type has a
 * default.
 *
 * @param jobType the handler's type
 * @param tenant default {@link Tenant#DEFAULT}
 * @param runAt when it is due; null for now
 * @param executions one run plus retries (1..255); null for the queue's default
 * @param correlationId at most 128 characters
 * @param properties the payload: a JSON object as text, a {@code Map}, or any object Jackson
 *     writes as a JSON object; null for none
 * @param userFields default {@link UserFields#NONE}
 * @param subState the sub-state of SCHEDULED the job starts in: default {@link SubState#SCHEDULED},
 *     or a custom one the lifecycle declares (such as an application's {@code awaiting-approval}),
 *     written in the same INSERT; since 0.2.0
 * @since 0.1.0
 */
public record NewJob(
        JobType jobType,
        Tenant tenant,
        @Nullable Instant runAt,
        @Nullable Integer executions,
        @Nullable String correlationId,
        @Nullable Object properties,
        UserFields userFields,
        SubState subState) {

    /** A job of this type for the default tenant, due now, with no payload. */
    public static NewJob of(JobType jobType) {
        return new NewJob(jobType, Tenant.DEFAULT, null, null, null, null, UserFields.NONE, SubState.SCHEDULED);
    }

    public NewJob tenant(Tenant tenant) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    public NewJob runAt(Instant runAt) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    public NewJob executions(int executions) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    public NewJob correlationId(String correlationId) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    public NewJob properties(Object properties) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    public NewJob userFields(UserFields userFields) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }

    /**
     * Starts the job in a sub-state of SCHEDULED other than the default; checked against the
     * lifecycle when the job is scheduled.
     *
     * @since 0.2.0
     */
    public NewJob subState(SubState subState) {
        return new NewJob(jobType, tenant, runAt, executions, correlationId, properties, userFields, subState);
    }
}
