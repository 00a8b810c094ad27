package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.RateLimit;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.persistence.internal.FlowLimits;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code jobqueue.types.<name>.max-concurrency}, {@code .rate-limit} and
 * {@code .tenants.<id>.*} into a queue's {@link FlowLimits}, refusing values out of range with
 * the full property path.
 */
final class ConfiguredFlowLimits {

    private ConfiguredFlowLimits() {}

    /** Refuses the flow limits of one type that are out of range, naming the property under {@code prefix}. */
    static void requireValid(String prefix, JobQueueProperties.Type type) {
        maxConcurrency(prefix + "max-concurrency", type.getMaxConcurrency());
        rateLimit(prefix + "rate-limit", type.getRateLimit());
        for (Map.Entry<Integer, JobQueueProperties.TenantLimits> entry :
                type.getTenants().entrySet()) {
            String tenantPrefix = prefix + "tenants." + entry.getKey() + ".";
            JobQueuePropertiesValidator.requireRange(prefix + "tenants", entry.getKey(), 0, 255);
            maxConcurrency(tenantPrefix + "max-concurrency", entry.getValue().getMaxConcurrency());
            rateLimit(tenantPrefix + "rate-limit", entry.getValue().getRateLimit());
        }
    }

    /** Sets the configured limits of every type that has a handler here. */
    static void apply(JobQueueProperties properties, JobHandlerRegistry registry, FlowLimits limits) {
        for (HandlerMethod handler : registry.all()) {
            String prefix = "jobqueue.types." + handler.name() + ".";
            JobQueueProperties.Type type = properties.type(handler.name());
            JobType jobType = handler.type();
            limits.setMaxConcurrency(jobType, null, type.getMaxConcurrency());
            limits.setRateLimit(jobType, null, rateLimit(prefix + "rate-limit", type.getRateLimit()));
            type.getTenants().forEach((tenant, tenantLimits) -> {
                String tenantPrefix = prefix + "tenants." + tenant + ".";
                limits.setMaxConcurrency(jobType, Tenant.of(tenant), tenantLimits.getMaxConcurrency());
                limits.setRateLimit(
                        jobType,
                        Tenant.of(tenant),
                        rateLimit(tenantPrefix + "rate-limit", tenantLimits.getRateLimit()));
            });
        }
    }

    private static void maxConcurrency(String property, @Nullable Integer value) {
        if (value != null) {
            JobQueuePropertiesValidator.requireRange(property, value, 1, FlowLimits.MAX_CONCURRENCY);
        }
    }

    private static @Nullable RateLimit rateLimit(String property, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return RateLimit.parse(property, value);
    }
}
