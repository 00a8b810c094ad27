package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobOperationResult;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.PausedQueue;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.scheduling.Jobs;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code jobqueueops} actuator endpoint: an operator's actions on jobs (issue #14), through
 * {@link Jobs}. {@code GET} lists the pauses; {@code POST /actuator/jobqueueops/{action}/{target}}
 * acts, with optional JSON body fields:
 *
 * <ul>
 *   <li>{@code cancel}, {@code run-now}, {@code retry-now} with a job id as target
 *       ({@code executions} for a retry);</li>
 *   <li>{@code cancel-all}, {@code retry-all} with target {@code matching} and at least one of
 *       {@code type}, {@code tenant}, {@code state}, {@code subState}, {@code correlationId},
 *       {@code retryGroup}, {@code createdFrom}, {@code createdBefore} (ISO instants);</li>
 *   <li>{@code pause}, {@code resume} with a job type id as target ({@code tenant}, {@code by}).</li>
 * </ul>
 *
 * Expose it with {@code management.endpoints.web.exposure.include=jobqueueops} and secure it as
 * the other write endpoints (the sample allows it to its operator role only).
 *
 * @since 0.2.0
 */
@Endpoint(id = "jobqueueops")
public final class JobQueueOperationsEndpoint {

    private final Jobs jobs;

    public JobQueueOperationsEndpoint(Jobs jobs) {
        this.jobs = jobs;
    }

    @ReadOperation
    public PausesDescriptor pauses() {
        return new PausesDescriptor(jobs.paused());
    }

    @WriteOperation
    public OperationDescriptor act(
            @Selector String action,
            @Selector String target,
            @Nullable Integer executions,
            @Nullable Integer type,
            @Nullable Integer tenant,
            @Nullable Integer state,
            @Nullable Integer subState,
            @Nullable String correlationId,
            @Nullable String retryGroup,
            @Nullable String createdFrom,
            @Nullable String createdBefore,
            @Nullable String by) {
        try {
            return switch (action) {
                case "cancel" -> single(action, target, jobs.cancel(JobId.parse(target)));
                case "run-now" -> single(action, target, jobs.runNow(JobId.parse(target)));
                case "retry-now" ->
                    single(
                            action,
                            target,
                            executions == null
                                    ? jobs.retryNow(JobId.parse(target))
                                    : jobs.retryNow(JobId.parse(target), executions));
                case "cancel-all", "retry-all" -> {
                    JobFilter filter = filter(
                            target,
                            type,
                            tenant,
                            state,
                            subState,
                            correlationId,
                            retryGroup,
                            createdFrom,
                            createdBefore);
                    long changed = action.equals("cancel-all")
                            ? jobs.cancelAll(filter)
                            : executions == null ? jobs.retryAll(filter) : jobs.retryAll(filter, executions);
                    yield new OperationDescriptor(action, target, null, changed, changed + " jobs changed");
                }
                case "pause", "resume" -> pauseOrResume(action, target, tenant, by);
                default ->
                    throw new InvalidEndpointRequestException(
                            "Unknown action '" + action + "': use cancel,"
                                    + " run-now, retry-now, cancel-all, retry-all, pause or resume",
                            "unknown action");
            };
        } catch (InvalidJobInputException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "invalid input");
        }
    }

    private static OperationDescriptor single(String action, String target, JobOperationResult result) {
        return new OperationDescriptor(action, target, result, result.applied() ? 1L : 0L, result.message());
    }

    private OperationDescriptor pauseOrResume(
            String action, String target, @Nullable Integer tenant, @Nullable String by) {
        JobType type = JobType.of(parseInt("target (a job type id)", target));
        Tenant only = tenant == null ? null : Tenant.of(tenant);
        String whom = "type " + type + (only == null ? " for every tenant" : " for tenant " + only);
        if (action.equals("pause")) {
            boolean changed = jobs.pause(type, only, by == null ? "actuator" : by);
            return new OperationDescriptor(
                    action, target, null, changed ? 1L : 0L, (changed ? "paused " : "was already paused: ") + whom);
        }
        boolean changed = jobs.resume(type, only);
        return new OperationDescriptor(
                action, target, null, changed ? 1L : 0L, (changed ? "resumed " : "was not paused: ") + whom);
    }

    private static JobFilter filter(
            String target,
            @Nullable Integer type,
            @Nullable Integer tenant,
            @Nullable Integer state,
            @Nullable Integer subState,
            @Nullable String correlationId,
            @Nullable String retryGroup,
            @Nullable String createdFrom,
            @Nullable String createdBefore) {
        if (!target.equals("matching")) {
            throw new InvalidEndpointRequestException(
                    "A bulk action's target is 'matching' but was '" + target + "'", "bad target");
        }
        if (type == null
                && tenant == null
                && state == null
                && subState == null
                && correlationId == null
                && retryGroup == null
                && createdFrom == null
                && createdBefore == null) {
            throw new InvalidEndpointRequestException(
                    "A bulk action needs at least one of type, tenant, state,"
                            + " subState, correlationId, retryGroup, createdFrom, createdBefore: it never acts on every job",
                    "no filter");
        }
        return new JobFilter(
                tenant == null ? null : Tenant.of(tenant),
                type == null ? null : JobType.of(type),
                state == null ? null : JobState.fromCode(state),
                subState == null ? null : SubState.of(subState),
                correlationId,
                retryGroup,
                instant("createdFrom", createdFrom),
                instant("createdBefore", createdBefore));
    }

    private static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw new InvalidEndpointRequestException(
                    field + " must be an ISO-8601 instant like" + " 2026-12-02T03:00:00Z but was '" + value + "'",
                    "bad instant");
        }
    }

    private static int parseInt(String field, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidEndpointRequestException(
                    field + " must be a number but was '" + value + "'", "bad number");
        }
    }

    /**
     * The pauses in force.
     *
     * @param paused each paused type, for one tenant or (tenant null) all
     * @since 0.2.0
     */
    public record PausesDescriptor(List<PausedQueue> paused) implements OperationResponseBody {}

    /**
     * What an action did.
     *
     * @param action the action
     * @param target its target: a job id, {@code matching} or a job type id
     * @param result the answer of an action on one job, else null
     * @param changed how many jobs (or pauses) changed
     * @param message what happened, in words
     * @since 0.2.0
     */
    public record OperationDescriptor(
            String action, String target, @Nullable JobOperationResult result, long changed, String message)
            implements OperationResponseBody {}
}
