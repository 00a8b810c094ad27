package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.JobQueue;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobQueueObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer counters and a handler timer for jobqueue, through a
 * {@link MicrometerJobQueueObserver}. Runs before {@link JobQueueAutoConfiguration} so that
 * this observer, not the silent default, is the one the scheduler and the workers get; an
 * application's own {@link JobQueueObserver} bean still replaces it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = JobQueueAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, JobQueue.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
public final class JobQueueMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JobQueueObserver.class)
    MicrometerJobQueueObserver micrometerJobQueueObserver(MeterRegistry meterRegistry,
            ObjectProvider<JobHandlerRegistry> handlers) {
        return new MicrometerJobQueueObserver(meterRegistry, type -> {
            JobHandlerRegistry registry = handlers.getIfAvailable();
            return registry == null ? null : registry.forType(type).map(HandlerMethod::name).orElse(null);
        });
    }
}
