package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.JobType;
import dev.jobqueue.persistence.internal.CorrelationScope;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The correlation scope of a job type, from {@code jobqueue.types.<name>.complete-correlated}
 * of the handler registered for it; {@link CorrelationScope#NONE} for a type without a handler
 * here. Looked up when a job completes (once per type), so handlers registered after the
 * queue count.
 */
final class CorrelationScopes implements Function<JobType, CorrelationScope> {

    private final JobHandlerRegistry registry;
    private final JobQueueProperties properties;
    private final Map<Integer, CorrelationScope> resolved = new ConcurrentHashMap<>();

    CorrelationScopes(JobHandlerRegistry registry, JobQueueProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @Override
    public CorrelationScope apply(JobType type) {
        CorrelationScope known = resolved.get(type.id());
        if (known != null) {
            return known;
        }
        return registry.forType(type)
                .map(handler -> {
                    CorrelationScope scope = JobQueuePropertiesValidator.correlationScope(
                            "jobqueue.types." + handler.name() + ".complete-correlated",
                            properties.type(handler.name()).getCompleteCorrelated());
                    resolved.put(type.id(), scope);
                    return scope;
                })
                .orElse(CorrelationScope.NONE);
    }
}
