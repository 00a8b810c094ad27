package dev.jobqueue.scheduling;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.FlowLimits;
import dev.jobqueue.persistence.internal.JobQueue;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The flow limits of job types, read and changed at run time: a cap on the jobs of a type in
 * PROCESSING across the whole cluster, and a rate limit on their starts across the cluster, each
 * for all tenants of the type together or for one tenant. Both are enforced in the database at
 * each claim; jobs held back stay scheduled and never fail. A bean of the starter, set from
 * {@code jobqueue.types.<name>.max-concurrency}, {@code .rate-limit} and {@code .tenants.<id>.*}
 * at startup.
 *
 * <pre>{@code
 * flowControl.setMaxConcurrency(JobType.of(1), 5);                          // all tenants together
 * flowControl.setRateLimit(JobType.of(1), Tenant.of(7), RateLimit.parse("limit", "10/1s"));
 * }</pre>
 *
 * <p>A change applies to this node's next claim. Each node enforces the limits it knows, so
 * change them on every node (or in every node's configuration): see docs/flow-control.md.
 *
 * @since 0.2.0
 */
public final class FlowControl {

    private final FlowLimits limits;

    /** For the starter's auto-configuration; applications inject the bean. */
    public FlowControl(JobQueue queue) {
        this.limits = queue.flowLimits();
    }

    /**
     * Caps the jobs of {@code type} in PROCESSING across the cluster, all tenants together.
     *
     * @param maxConcurrency 1..100,000, or null to remove the cap
     * @throws InvalidJobInputException when out of range; nothing changes then
     */
    public void setMaxConcurrency(JobType type, @Nullable Integer maxConcurrency) {
        limits.setMaxConcurrency(type, null, maxConcurrency);
    }

    /**
     * Caps the jobs of {@code type} and {@code tenant} in PROCESSING across the cluster, beside any
     * cap of the type.
     *
     * @param maxConcurrency 1..100,000, or null to remove the cap
     * @throws InvalidJobInputException when out of range; nothing changes then
     */
    public void setMaxConcurrency(JobType type, Tenant tenant, @Nullable Integer maxConcurrency) {
        limits.setMaxConcurrency(type, tenant, maxConcurrency);
    }

    /** Limits the starts of jobs of {@code type} across the cluster, all tenants together; null removes it. */
    public void setRateLimit(JobType type, @Nullable RateLimit rateLimit) {
        limits.setRateLimit(type, null, rateLimit);
    }

    /** Limits the starts of jobs of {@code type} and {@code tenant} across the cluster; null removes it. */
    public void setRateLimit(JobType type, Tenant tenant, @Nullable RateLimit rateLimit) {
        limits.setRateLimit(type, tenant, rateLimit);
    }

    /** The cap of {@code type}, all tenants together. */
    public OptionalInt maxConcurrency(JobType type) {
        return limits.maxConcurrency(type, null);
    }

    /** The cap of {@code type} for {@code tenant}. */
    public OptionalInt maxConcurrency(JobType type, Tenant tenant) {
        return limits.maxConcurrency(type, tenant);
    }

    /** The rate limit of {@code type}, all tenants together. */
    public Optional<RateLimit> rateLimit(JobType type) {
        return limits.rateLimit(type, null);
    }

    /** The rate limit of {@code type} for {@code tenant}. */
    public Optional<RateLimit> rateLimit(JobType type, Tenant tenant) {
        return limits.rateLimit(type, tenant);
    }

    /**
     * The jobs of {@code type} in PROCESSING across the cluster as this node last counted them
     * under a cap; empty before its first claim under a cap.
     */
    public OptionalInt running(JobType type) {
        return limits.running(type);
    }

    /** How many claims of {@code type} on this node a limit refused or cut short. */
    public long throttledClaims(JobType type) {
        return limits.throttledClaims(type);
    }
}
