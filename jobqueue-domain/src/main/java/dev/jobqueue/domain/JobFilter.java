package dev.jobqueue.domain;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs a search or a bulk operation means: every non-null field must match. Build one
 * with {@link #all()} and the narrowing methods; the time window applies to {@code created_at}
 * (rows the Go library wrote have none and match only an open window).
 *
 * <pre>{@code
 * JobFilter failedToday = JobFilter.all()
 *         .type(JobType.of(7))
 *         .state(JobState.FAILED)
 *         .createdBetween(startOfDay, Instant.now());
 * }</pre>
 *
 * @param tenant only this tenant
 * @param type only this job type
 * @param state only this state
 * @param subState only this sub-state (it implies its state)
 * @param correlationId only this correlation id; blank means no correlation and is refused
 * @param retryGroup only the runs of this retry group
 * @param createdFrom created at or after this instant
 * @param createdBefore created before this instant
 * @since 0.2.0
 */
public record JobFilter(
        @Nullable Tenant tenant,
        @Nullable JobType type,
        @Nullable JobState state,
        @Nullable SubState subState,
        @Nullable String correlationId,
        @Nullable String retryGroup,
        @Nullable Instant createdFrom,
        @Nullable Instant createdBefore) {

    private static final JobFilter ALL = new JobFilter(null, null, null, null, null, null, null, null);

    /**
     * @throws InvalidJobInputException for a blank correlation id or retry group, or a window
     *     that ends before it starts
     */
    public JobFilter {
        if (correlationId != null && correlationId.isBlank()) {
            throw new InvalidJobInputException(
                    "correlationId",
                    "correlationId must not be blank ('' and" + " whitespace mean no correlation) but was '"
                            + correlationId + "'");
        }
        if (retryGroup != null && retryGroup.isBlank()) {
            throw new InvalidJobInputException("retryGroup", "retryGroup must not be blank");
        }
        if (createdFrom != null && createdBefore != null && createdBefore.isBefore(createdFrom)) {
            throw new InvalidJobInputException(
                    "createdBefore",
                    "createdBefore (" + createdBefore + ") must not be before createdFrom (" + createdFrom + ")");
        }
    }

    /** Every job. */
    public static JobFilter all() {
        return ALL;
    }

    /** Narrowed to one tenant. */
    public JobFilter tenant(Tenant tenant) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to one job type. */
    public JobFilter type(JobType type) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to one state. */
    public JobFilter state(JobState state) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to one sub-state. */
    public JobFilter subState(SubState subState) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to one correlation id. */
    public JobFilter correlationId(String correlationId) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to the runs of one retry group. */
    public JobFilter retryGroup(String retryGroup) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, createdFrom, createdBefore);
    }

    /** Narrowed to jobs created in {@code [from, before)}. */
    public JobFilter createdBetween(Instant from, Instant before) {
        return new JobFilter(tenant, type, state, subState, correlationId, retryGroup, from, before);
    }
}
