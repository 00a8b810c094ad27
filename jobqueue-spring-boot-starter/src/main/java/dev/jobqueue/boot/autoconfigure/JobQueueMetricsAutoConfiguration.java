package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.persistence.internal.JobQueue;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import dev.jobqueue.worker.JobQueueObserver;
import dev.jobqueue.worker.JobWorkers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.OptionalInt;
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
@AutoConfiguration(
        before = JobQueueAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, JobQueue.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "jobqueue.enabled", matchIfMissing = true)
public final class JobQueueMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JobQueueObserver.class)
    MicrometerJobQueueObserver micrometerJobQueueObserver(
            MeterRegistry meterRegistry, ObjectProvider<JobHandlerRegistry> handlers) {
        return new MicrometerJobQueueObserver(meterRegistry, type -> {
            JobHandlerRegistry registry = handlers.getIfAvailable();
            return registry == null
                    ? null
                    : registry.forType(type).map(HandlerMethod::name).orElse(null);
        });
    }

    /**
     * {@code jobqueue.lock.retries}: transactions run again after losing a deadlock or a lock
     * wait; {@code jobqueue.lock.exhausted}: operations that gave up after the bounded retries.
     */
    @Bean
    MeterBinder jobQueueLockContentionMetrics(ObjectProvider<JobQueue> queue) {
        return registry -> {
            FunctionCounter.builder(
                            "jobqueue.lock.retries",
                            queue,
                            q -> q.getIfAvailable() == null
                                    ? 0
                                    : q.getObject().lockContention().retries())
                    .description("Transactions run again after losing a deadlock or a lock wait")
                    .register(registry);
            FunctionCounter.builder(
                            "jobqueue.lock.exhausted",
                            queue,
                            q -> q.getIfAvailable() == null
                                    ? 0
                                    : q.getObject().lockContention().exhausted())
                    .description("Operations that still lost a lock after their bounded retries")
                    .register(registry);
        };
    }

    /**
     * Per job type with a handler here: {@code jobqueue.flow.running}, the jobs in PROCESSING across
     * the cluster as this node's last claim under a cap counted them (NaN without a cap), and
     * {@code jobqueue.flow.throttled}, the claims a flow limit refused or cut short.
     *
     * @since 0.2.0
     */
    @Bean
    MeterBinder jobQueueFlowMetrics(ObjectProvider<JobQueue> queue, ObjectProvider<JobHandlerRegistry> handlers) {
        return registry -> {
            JobHandlerRegistry known = handlers.getIfAvailable();
            if (known == null) {
                return;
            }
            for (HandlerMethod handler : known.all()) {
                Gauge.builder("jobqueue.flow.running", queue, q -> {
                            JobQueue jobQueue = q.getIfAvailable();
                            OptionalInt running = jobQueue == null
                                    ? OptionalInt.empty()
                                    : jobQueue.flowLimits().running(handler.type());
                            return running.isPresent() ? running.getAsInt() : Double.NaN;
                        })
                        .tag("type", handler.name())
                        .description("Jobs of the type in PROCESSING across the cluster, as last counted under a cap")
                        .register(registry);
                FunctionCounter.builder("jobqueue.flow.throttled", queue, q -> {
                            JobQueue jobQueue = q.getIfAvailable();
                            return jobQueue == null ? 0 : jobQueue.flowLimits().throttledClaims(handler.type());
                        })
                        .tag("type", handler.name())
                        .description("Claims of the type that a concurrency cap or rate limit refused or cut short")
                        .register(registry);
            }
        };
    }

    /** {@code jobqueue.paused}: the (type, tenant) queues this node serves that are paused (issue #14). */
    @Bean
    MeterBinder jobQueuePausedMetrics(ObjectProvider<JobWorkers> workers) {
        return registry -> Gauge.builder(
                        "jobqueue.paused",
                        workers,
                        w -> w.getIfAvailable() == null ? 0 : w.getObject().pausedServedQueues())
                .description("Queues (job type and tenant) this node serves that are paused")
                .strongReference(true)
                .register(registry);
    }
}
